import Foundation

/// Cuts a finished rendition into HLS segments with libavformat's hls muxer (stream copy,
/// cut at keyframes), in a folder, named `<stem>_00001.ts` (`.mp4` for fMP4, with
/// `<stem>_init.mp4`), or one `<stem>.ts` / `<stem>.mp4` with byte ranges. The muxer's own
/// playlist is read and removed: media-worker writes the playlists MediaConvert's way.
public struct HLSSegmenter: Sendable {
    public var options: HLSSegmentOptions

    public init(options: HLSSegmentOptions) {
        self.options = options
    }

    /// Segments `input` into `folder` (created if needed). Blocking.
    public func segment(_ input: String, into folder: String, stem: String) throws -> SegmentIndex {
        // Packed audio is cut as TS, then each segment repacked (PackedAudio).
        var options = options
        let packed = options.packedAudio && options.segmentType == .ts && !options.singleFile
        options.packedAudio = false
        try FFmpegLog.configure()
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.io, "cannot create \(folder): \(error.localizedDescription)", path: folder)
        }
        let playlist = (folder as NSString).appendingPathComponent(".\(stem).ffmpeg.m3u8")
        defer { try? manager.removeItem(atPath: playlist) }
        let fileExtension = options.segmentExtension
        var muxer: [String: String] = [
            "hls_time": String(options.segmentSeconds), "hls_playlist_type": "vod", "start_number": "1",
            "hls_segment_type": options.segmentType == .ts ? "mpegts" : "fmp4",
        ]
        var flags = ["independent_segments"]
        if options.singleFile {
            flags.append("single_file")
            muxer["hls_segment_filename"] = (folder as NSString).appendingPathComponent("\(stem).\(fileExtension)")
        } else {
            muxer["hls_segment_filename"] = (folder as NSString).appendingPathComponent(options.names(stem: stem).segment)
        }
        if options.segmentType == .fmp4 && !options.singleFile { muxer["hls_fmp4_init_filename"] = options.names(stem: stem).initialization }
        muxer["hls_flags"] = flags.joined(separator: "+")
        if options.segmentType == .ts, !options.transportStream.isEmpty {
            muxer["hls_segment_options"] = options.transportStream.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ":")
        }
        let streams = try StreamRemuxer.remux(input, to: playlist, format: "hls", options: muxer, selection: options.streams)
        let text: String
        do {
            text = try String(contentsOfFile: playlist, encoding: .utf8)
        } catch {
            throw MediaError(.io, "the hls muxer left no playlist at \(playlist): \(error.localizedDescription)", path: playlist)
        }
        let size: (String) -> Int64 = { name in
            ((try? manager.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name)))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        var parsed = SegmentIndex.parse(playlist: text, size: size)
        guard parsed.segments.first != nil else {
            throw MediaError(.encodeFailed, "the hls muxer wrote no segment for \(input)", path: input)
        }
        if options.minimumSegmentSeconds > 0 || options.finalMinimumSeconds > 0 {
            let merger = SegmentMerger(
                minimumSeconds: options.minimumSegmentSeconds, finalMinimumSeconds: options.finalMinimumSeconds, fragmented: options.segmentType == .fmp4,
                folder: folder
            ) { [options] in options.segmentName(stem: stem, number: $0) }
            parsed.segments = try merger.merge(parsed.segments)
        }
        let scratch = (folder as NSString).appendingPathComponent(".\(stem).start.\(options.segmentType == .ts ? "ts" : "mp4")")
        let start = try StreamRemuxer.startSeconds(input, format: options.segmentType == .ts ? "mpegts" : "mp4", selection: options.streams, scratch: scratch)
        if packed { parsed.segments = try repack(parsed.segments, in: folder, header: self.options.packedAudioHeader) }
        return SegmentIndex(initialization: parsed.initialization, segments: parsed.segments, streams: streams, startSeconds: start)
    }

    /// Each `.ts` segment rewritten as `.aac` packed audio beside it (the TS removed).
    private func repack(_ segments: [SegmentIndex.Segment], in folder: String, header: Bool) throws -> [SegmentIndex.Segment] {
        try segments.map { segment in
            let path = (folder as NSString).appendingPathComponent(segment.file)
            guard let data = FileManager.default.contents(atPath: path) else { throw MediaError(.io, "the segment \(path) to repack is missing", path: path) }
            let packed = try PackedAudio.segment(Array(data), header: header)
            var repacked = segment
            repacked.file = (segment.file as NSString).deletingPathExtension + ".aac"
            let target = (folder as NSString).appendingPathComponent(repacked.file)
            do {
                try Data(packed).write(to: URL(fileURLWithPath: target))
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw MediaError(.io, "cannot write the packed audio segment \(target): \(error.localizedDescription)", path: target)
            }
            repacked.bytes = Int64(packed.count)
            return repacked
        }
    }
}
