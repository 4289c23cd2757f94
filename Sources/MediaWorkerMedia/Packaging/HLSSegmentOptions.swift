/// How one rendition is cut into HLS segments.
public struct HLSSegmentOptions: Sendable, Equatable {
    public enum SegmentType: String, Sendable, Equatable {
        /// MPEG-2 transport stream segments (`.ts`).
        case ts
        /// Fragmented MP4 (CMAF) segments (`.mp4`) after an initialization segment.
        case fmp4
    }

    /// How segment files are named after the stem.
    public enum Naming: Sendable, Equatable {
        /// HLS: `<stem>_00001.ts`, `<stem>_init.mp4`.
        case hls
        /// DASH ISO: `<stem>_000000001.mp4`, `<stem>init.mp4`.
        case dash
        /// CMAF: `<stem>_00001.cmfv` (`.cmfa` for audio), `<stem>_init.cmfv`.
        case cmaf
    }

    public var segmentType: SegmentType
    public var naming: Naming = .hls
    /// Seconds per segment (cut at the next keyframe).
    public var segmentSeconds: Double
    /// One file for all segments, addressed with byte ranges (`SegmentControl` SINGLE_FILE).
    public var singleFile: Bool
    /// `MinSegmentLength`: no segment shorter than this (seconds; 0: none), see ``SegmentMerger``.
    /// (Encryption, where a template asks for it, is applied to the merged segments by the packager.)
    public var minimumSegmentSeconds: Double = 0
    /// A last segment shorter than this joins the one before (`MinFinalSegmentLength`; with
    /// `MinSegmentLength`, at least that). 0: the last segment stays as cut.
    public var finalMinimumSeconds: Double = 0
    public var streams: StreamSelection
    /// The TS muxer's options for each segment (`mpegts_start_pid`, `pat_period`, ...), from
    /// `M3u8Settings`; ignored for fMP4.
    public var transportStream: [String: String] = [:]
    /// Audio-only TS segments repacked as HLS packed audio (`.aac`: ADTS frames), with the ID3
    /// timestamp tag unless ``packedAudioHeader`` is false (``PackedAudio``). Segmented TS only.
    public var packedAudio: Bool = false
    public var packedAudioHeader: Bool = true

    public init(segmentType: SegmentType = .ts, segmentSeconds: Double = 10, singleFile: Bool = false, streams: StreamSelection = .all) {
        self.segmentType = segmentType
        self.segmentSeconds = segmentSeconds
        self.singleFile = singleFile
        self.streams = streams
    }

    /// The segment files' extension.
    public var segmentExtension: String {
        if segmentType == .ts { return packedAudio ? "aac" : "ts" }
        if naming == .cmaf { return streams.video ? "cmfv" : "cmfa" }
        return "mp4"
    }

    /// The media segment file of number `number`: `<stem>_00003.ts`.
    func segmentName(stem: String, number: Int) -> String {
        switch naming {
        case .hls, .cmaf: "\(stem)_\(String(format: "%05d", number)).\(segmentExtension)"
        case .dash: "\(stem)_\(String(format: "%09d", number)).\(segmentExtension)"
        }
    }

    /// The media segments' file name pattern (`%05d` is the number), and the initialization segment's name.
    func names(stem: String) -> (segment: String, initialization: String) {
        switch naming {
        case .hls: ("\(stem)_%05d.\(segmentExtension)", "\(stem)_init.mp4")
        case .dash: ("\(stem)_%09d.\(segmentExtension)", "\(stem)init.mp4")
        case .cmaf: ("\(stem)_%05d.\(segmentExtension)", "\(stem)_init.\(segmentExtension)")
        }
    }
}
