internal import CFFmpeg
import Foundation

/// Opens a produced file again and checks it before it counts as done: the expected
/// streams and codecs, the planned picture size, and a duration within tolerance.
public struct OutputValidator: Sendable {
    /// What a file must contain.
    public struct Expectation: Sendable, Equatable {
        public var videoCodec: String?
        public var width: Int?
        public var height: Int?
        public var audioCodec: String?
        public var duration: Double?
        public var durationTolerance: Double

        public init(videoCodec: String? = nil, width: Int? = nil, height: Int? = nil, audioCodec: String? = nil, duration: Double? = nil, durationTolerance: Double = 0.2) {
            self.videoCodec = videoCodec
            self.width = width
            self.height = height
            self.audioCodec = audioCodec
            self.duration = duration
            self.durationTolerance = durationTolerance
        }
    }

    public init() {}

    /// Checks `path`; returns what was read, or throws `MediaError.Code.invalidOutput`.
    @discardableResult
    public func validate(_ path: String, against expectation: Expectation) throws -> MediaMetadata {
        let metadata: MediaMetadata
        do {
            metadata = try MediaProber(limits: MediaLimits(maxProcessingSeconds: 60)).probe(.file(path))
        } catch {
            throw MediaError(.invalidOutput, "the produced file \(path) cannot be read back: \(error)", path: path)
        }
        func fail(_ problem: String) -> MediaError {
            MediaError(.invalidOutput, "the produced file \(path) is wrong: \(problem)", path: path)
        }
        if let codec = expectation.videoCodec {
            guard let video = metadata.primaryVideo else { throw fail("it has no video stream") }
            guard video.codec == codec else { throw fail("its video is \(video.codec), expected \(codec)") }
            if let width = expectation.width, let height = expectation.height, video.width != width || video.height != height {
                throw fail("its picture is \(video.width)×\(video.height), planned \(width)×\(height)")
            }
        } else if metadata.primaryVideo != nil {
            throw fail("it has a video stream, expected none")
        }
        if let codec = expectation.audioCodec {
            guard let audio = metadata.audio.first else { throw fail("it has no audio stream") }
            guard audio.codec == codec else { throw fail("its audio is \(audio.codec), expected \(codec)") }
        } else if !metadata.audio.isEmpty {
            throw fail("it has an audio stream, expected none")
        }
        if let expected = expectation.duration {
            guard let actual = metadata.container.duration else { throw fail("its duration is unknown") }
            if abs(actual - expected) > expectation.durationTolerance {
                throw fail(String(format: "it lasts %.3f s, the source %.3f s (tolerance %.1f s)", actual, expected, expectation.durationTolerance))
            }
        }
        return metadata
    }
}
