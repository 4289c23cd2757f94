import Foundation
import MediaWorkerShorts
import Testing

@Suite("Shorts parameters")
struct ShortsParametersTests {
    @Test("members left out take their defaults; given ones are read")
    func defaults() throws {
        let json = #"{"Count": 5, "Weights": {"Motion": 2}, "Camera": {"Fallback": "BLURRED_FILL"}}"#
        let parameters = try JSONDecoder().decode(ShortsParameters.self, from: Data(json.utf8))
        #expect(parameters.count == 5)
        #expect(parameters.minimumDuration == 15 && parameters.maximumDuration == 60)
        #expect(parameters.weights.motion == 2 && parameters.weights.speech == 1)
        #expect(parameters.camera.fallback == .blurredFill && parameters.camera.aspectRatio == 9.0 / 16.0)
        #expect(parameters.problems.isEmpty)
        let round = try JSONDecoder().decode(ShortsParameters.self, from: try JSONEncoder().encode(parameters))
        #expect(round == parameters)
    }

    @Test("unusable values are named with what to change")
    func problems() {
        let parameters = ShortsParameters(count: 0, weights: SignalWeights(motion: -1), camera: CameraLimits(maximumSpeed: 0))
        #expect(parameters.problems.count == 3, "\(parameters.problems)")
        #expect(parameters.problems.contains { $0.contains("Weights.Motion") })
    }

    @Test("Subtitles.HighlightColour: #FFD400 unless given; anything but #RRGGBB is refused")
    func highlightColour() throws {
        let given = try JSONDecoder().decode(ShortsParameters.self, from: Data(##"{"Subtitles": {"HighlightCurrentPhrase": true, "HighlightColour": "#00ff80"}}"##.utf8))
        #expect(given.subtitles.highlightCurrentPhrase && given.subtitles.highlightColour == "#00ff80")
        #expect(given.problems.isEmpty)
        #expect(ShortsParameters().subtitles.highlightColour == "#FFD400")
        for bad in ["yellow", "#FFD40", "FFD400", "#GGD400"] {
            let problems = ShortsParameters(subtitles: SubtitleStyle(highlightColour: bad)).problems
            #expect(problems.count == 1 && problems.first?.contains("Subtitles.HighlightColour") == true, "\(bad): \(problems)")
        }
    }
}
