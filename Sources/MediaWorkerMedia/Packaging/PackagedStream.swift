internal import CFFmpeg

/// A stream copied into a package: its RFC 6381 codec string (`avc1.64001f`, `mp4a.40.2`)
/// read from the encoded stream itself, and its picture size.
public struct PackagedStream: Sendable, Equatable {
    public enum Kind: String, Sendable { case video, audio }
    public var kind: Kind
    public var codec: String
    public var width: Int?
    public var height: Int?
    /// Frames per second (video).
    public var frameRate: Double?

    init(_ stream: UnsafeMutablePointer<AVStream>) {
        let parameters = stream.pointee.codecpar.pointee
        if parameters.codec_type == AVMEDIA_TYPE_VIDEO {
            kind = .video
            width = Int(parameters.width)
            height = Int(parameters.height)
            let rate = stream.pointee.avg_frame_rate
            frameRate = rate.den > 0 && rate.num > 0 ? av_q2d(rate) : nil
            codec = Self.videoCodec(parameters)
        } else {
            kind = .audio
            // AAC object type: FFmpeg's profile is the object type minus one (LC = 1 → 2, HE = 4 → 5).
            let objectType = parameters.profile >= 0 ? Int(parameters.profile) + 1 : 2
            codec = parameters.codec_id == AV_CODEC_ID_AAC ? "mp4a.40.\(objectType)" : String(ffmpeg: avcodec_get_name(parameters.codec_id)) ?? "unknown"
        }
    }

    /// `avc1.PPCCLL` from the avcC box (MP4 extradata: version, profile, constraints, level),
    /// or from the first SPS of Annex B extradata.
    static func videoCodec(_ parameters: AVCodecParameters) -> String {
        guard parameters.codec_id == AV_CODEC_ID_H264, let data = parameters.extradata, parameters.extradata_size >= 4 else {
            return String(ffmpeg: avcodec_get_name(parameters.codec_id)) ?? "unknown"
        }
        let bytes = UnsafeBufferPointer(start: data, count: Int(parameters.extradata_size))
        if bytes[0] == 1 { return String(format: "avc1.%02x%02x%02x", bytes[1], bytes[2], bytes[3]) }
        // Annex B: 00 00 01 67 profile constraints level.
        var index = 0
        while index + 6 < bytes.count {
            if bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 1, bytes[index + 3] & 0x1F == 7 {
                return String(format: "avc1.%02x%02x%02x", bytes[index + 4], bytes[index + 5], bytes[index + 6])
            }
            index += 1
        }
        return "avc1"
    }
}
