/// A part of the input, as MediaConvert's `InputClippings` names it: `StartTimecode` and
/// `EndTimecode` (`HH:MM:SS:FF`, `;` before the frames for drop-frame), read under the
/// input's `TimecodeSource`.
public struct InputClip: Sendable, Equatable, Codable {
    /// How a timecode maps to the source's timeline.
    public enum TimecodeSource: Sendable, Equatable, Codable {
        /// 00:00:00:00 is the first frame.
        case zeroBased
        /// The source's embedded start timecode (its `timecode` tag) is the first frame;
        /// zero-based when it has none (MediaConvert's default source).
        case embedded
        /// `TimecodeStart` is the first frame.
        case specifiedStart(String)
    }

    public var startTimecode: String?
    public var endTimecode: String?
    public var timecodeSource: TimecodeSource

    public init(startTimecode: String?, endTimecode: String?, timecodeSource: TimecodeSource = .embedded) {
        self.startTimecode = startTimecode
        self.endTimecode = endTimecode
        self.timecodeSource = timecodeSource
    }

    /// The clip in seconds from the source's first frame: frames at or after `start` and
    /// before `end` are kept (`end` nil: to the end).
    public func window(framesPerSecond: Double, embeddedTimecode: String?) throws(MediaError) -> ClipWindow {
        func seconds(_ timecode: String?) throws(MediaError) -> Double? {
            guard let timecode else { return nil }
            return try Self.seconds(timecode, framesPerSecond: framesPerSecond)
        }
        let origin: Double
        switch timecodeSource {
        case .zeroBased: origin = 0
        case .embedded: origin = try seconds(embeddedTimecode) ?? 0
        case .specifiedStart(let start): origin = try seconds(start) ?? 0
        }
        let start = (try seconds(startTimecode) ?? origin) - origin
        let end = try seconds(endTimecode).map { $0 - origin }
        guard start >= 0, end.map({ $0 > start }) ?? true else {
            throw MediaError(.invalidArgument, "the clip \(startTimecode ?? "start")–\(endTimecode ?? "end") is not inside the source (its first frame is \(Self.describe(timecodeSource, embeddedTimecode)))")
        }
        return ClipWindow(start: start, end: end, frameDuration: 1 / framesPerSecond)
    }

    /// Seconds of `HH:MM:SS:FF` at `framesPerSecond` (frames counted at the nominal, rounded
    /// rate; drop-frame `HH:MM:SS;FF` skips frame numbers 0 and 1 of each minute but every tenth).
    public static func seconds(_ timecode: String, framesPerSecond: Double) throws(MediaError) -> Double {
        let dropFrame = timecode.contains(";")
        let parts = timecode.split(whereSeparator: { $0 == ":" || $0 == ";" }).map { Int($0) }
        guard parts.count == 4, let hours = parts[0], let minutes = parts[1], let secs = parts[2], let frames = parts[3],
            minutes < 60, secs < 60, hours >= 0, minutes >= 0, secs >= 0, frames >= 0
        else {
            throw MediaError(.invalidArgument, "'\(timecode)' is not a timecode; write HH:MM:SS:FF (HH:MM:SS;FF for drop-frame)")
        }
        let nominal = max(1, Int(framesPerSecond.rounded()))
        var count = ((hours * 60 + minutes) * 60 + secs) * nominal + frames
        if dropFrame {
            let totalMinutes = hours * 60 + minutes
            let dropped = nominal / 15
            count -= dropped * (totalMinutes - totalMinutes / 10)
        }
        return Double(count) / framesPerSecond
    }

    private static func describe(_ source: TimecodeSource, _ embedded: String?) -> String {
        switch source {
        case .zeroBased: return "00:00:00:00 (ZEROBASED)"
        case .embedded: return "\(embedded ?? "00:00:00:00") (EMBEDDED)"
        case .specifiedStart(let start): return "\(start) (SPECIFIEDSTART)"
        }
    }
}

/// The kept part of the source's timeline, in seconds from its first frame.
public struct ClipWindow: Sendable, Equatable {
    public var start: Double
    public var end: Double?
    /// One source frame, the tolerance at both edges being half of it.
    public var frameDuration: Double

    /// Whether a picture or sample at `time` is kept.
    public func contains(_ time: Double) -> Bool {
        time >= start - frameDuration / 2 && end.map { time < $0 - frameDuration / 2 } ?? true
    }

    /// The clip's duration, when it has an end (else `nil`: to the source's end).
    public var duration: Double? { end.map { $0 - start } }
}
