import MediaWorkerCaptions
import MediaWorkerShorts
import Testing

/// Moments on a five-minute timeline with three planted moments (a loud burst, dense captions,
/// strong motion) over an ordinary talk with sparse captions.
@Suite("Shorts moments")
struct MomentFinderTests {
    static let rate = 5.0
    static let duration = 300.0
    static let loudBurst = 60.0..<72.0
    static let denseCaptions = 150.0..<168.0
    static let strongMotion = 230.0..<244.0

    static func timeline() -> SignalTimeline {
        let count = Int(duration * rate)
        var loudness = [Double](repeating: -24, count: count)
        var speech = [Double](repeating: 0.5, count: count)
        var motion = [Double](repeating: 0.05, count: count)
        let faces = [Double](repeating: 0.3, count: count)
        let brightness = [Double](repeating: 0.5, count: count)
        for index in 0..<count {
            let time = Double(index) / rate
            loudness[index] += CameraPathSolverTests.jitter(index, 1.5)
            if loudBurst.contains(time) { loudness[index] = -10 }
            if strongMotion.contains(time) { motion[index] = 0.9 }
            // A silent stretch nobody wants a short of.
            if (100.0..<130.0).contains(time) { loudness[index] = -70; speech[index] = 0 }
        }
        var cues: [CaptionCue] = []
        var time = 1.0
        while time < duration - 4 {
            if denseCaptions.contains(time) {
                cues.append(CaptionCue(start: time, end: time + 1.9, text: "and then we kept on talking quickly about everything here."))
                time += 2
            } else if !(100.0..<130.0).contains(time) {
                cues.append(CaptionCue(start: time, end: time + 2.5, text: "A few words."))
                time += 6
            } else {
                time += 6
            }
        }
        let cuts = stride(from: 20.0, to: duration, by: 20.0).map { $0 + 0.3 }
        return SignalTimeline(rate: rate, duration: duration, loudness: loudness, speech: speech, motion: motion, faces: faces,
                              brightness: brightness, shotCuts: cuts, cues: cues)
    }

    static func covers(_ candidate: MomentCandidate, _ planted: Range<Double>) -> Bool {
        let shared = min(candidate.end, planted.upperBound) - max(candidate.start, planted.lowerBound)
        return shared >= 0.5 * (planted.upperBound - planted.lowerBound)
    }

    @Test("the top three cover at least two planted moments, never overlap by more than half, and never cut a caption cue")
    func plantedMoments() throws {
        let timeline = Self.timeline()
        let selection = try MomentFinder(parameters: ShortsParameters()).find(in: timeline)
        #expect(selection.chosen.count == 3)
        let covered = [Self.loudBurst, Self.denseCaptions, Self.strongMotion].filter { planted in
            selection.chosen.contains { Self.covers($0, planted) }
        }
        #expect(covered.count >= 2, "chosen: \(selection.chosen.map { ($0.start, $0.end, $0.score) })")
        for (i, a) in selection.chosen.enumerated() {
            #expect(a.duration >= 15 - 1e-6 && a.duration <= 60 + 1e-6)
            #expect(a.rank == i + 1)
            for b in selection.chosen[(i + 1)...] { #expect(a.overlap(with: b) <= 0.5) }
            for cue in timeline.cues {
                #expect(!(a.start > cue.start + 0.05 && a.start < cue.end - 0.05), "short \(i + 1) starts inside a cue")
                #expect(!(a.end > cue.start + 0.05 && a.end < cue.end - 0.05), "short \(i + 1) ends inside a cue")
            }
            #expect(!(a.start < 130 && a.end > 100), "short \(i + 1) includes the silent stretch")
        }
        #expect(selection.candidates.count > 10)
        #expect(selection.candidates.allSatisfy { !$0.reason.isEmpty })
        #expect(selection.candidates.contains { $0.reason.hasPrefix("overlaps short") })
    }

    @Test("re-scoring with new weights changes the ranking without the timeline")
    func rescore() throws {
        let selection = try MomentFinder(parameters: ShortsParameters()).find(in: Self.timeline())
        let motionOnly = SignalWeights(speech: 0, captions: 0, loudness: 0, motion: 1, faces: 0, cuts: 0)
        let rescored = MomentFinder(parameters: ShortsParameters(count: 1, weights: motionOnly)).rescore(selection.candidates)
        let top = try #require(rescored.chosen.first)
        #expect(Self.covers(top, Self.strongMotion), "top after re-scoring: \(top.start)–\(top.end)")
        let loudOnly = SignalWeights(speech: 0, captions: 0, loudness: 1, motion: 0, faces: 0, cuts: 0)
        let loud = try #require(MomentFinder(parameters: ShortsParameters(count: 1, weights: loudOnly)).rescore(selection.candidates).chosen.first)
        #expect(Self.covers(loud, Self.loudBurst))
        #expect(loud != top)
    }

    @Test("an upload shorter than the shortest short, and unusable parameters, are refused with what to change")
    func refusals() {
        var short = Self.timeline()
        short.duration = 10
        let tooShort = #expect(throws: ShortsError.self) { try MomentFinder(parameters: ShortsParameters()).find(in: short) }
        #expect(tooShort?.identifier == "tooShort")
        #expect(tooShort?.message.contains("lower MinDuration") == true)
        let invalid = #expect(throws: ShortsError.self) {
            try MomentFinder(parameters: ShortsParameters(minimumDuration: 40, maximumDuration: 20)).find(in: Self.timeline())
        }
        #expect(invalid?.identifier == "invalidParameters")
        #expect(invalid?.message.contains("MaxDuration") == true)
    }

    @Test("a source without cuts or captions still gets windows, on a one-second grid")
    func grid() throws {
        let count = 600
        let timeline = SignalTimeline(rate: 5, duration: 120, loudness: .init(repeating: -20, count: count), speech: .init(repeating: 1, count: count),
                                      motion: (0..<count).map { $0 >= 300 && $0 < 400 ? 1 : 0.1 }, faces: .init(repeating: 0, count: count),
                                      brightness: .init(repeating: 0.5, count: count), shotCuts: [])
        let selection = try MomentFinder(parameters: ShortsParameters(count: 1)).find(in: timeline)
        let top = try #require(selection.chosen.first)
        #expect(top.start >= 59 && top.end <= 81, "\(top.start)–\(top.end)")
    }
}
