internal import CFFmpeg

/// An `InputClip` against an opened source: its frame rate and embedded timecode.
enum ClipResolver {
    static func window(_ clip: InputClip?, input: InputContext, stream: UnsafeMutablePointer<AVStream>) throws -> ClipWindow? {
        guard let clip else { return nil }
        var rate = stream.pointee.avg_frame_rate
        if rate.num <= 0 || rate.den <= 0 { rate = stream.pointee.r_frame_rate }
        let fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 25
        // MP4/MOV carry it on the video stream or the tmcd track, MXF and others on the file.
        let streams = (0..<Int(input.pointer.pointee.nb_streams)).map { input.stream($0) }
        let embedded = ([stream] + streams).lazy.compactMap { FFDictionary.entries($0.pointee.metadata)["timecode"] }.first
            ?? FFDictionary.entries(input.pointer.pointee.metadata)["timecode"]
        return try clip.window(framesPerSecond: fps, embeddedTimecode: embedded)
    }

    /// The duration the output should have: the clip's, cut at the source's end.
    static func duration(_ clip: ClipWindow?, source: Double?) -> Double? {
        guard let clip else { return source }
        guard let source else { return clip.duration }
        return min(clip.end ?? source, source) - clip.start
    }
}
