internal import CFFmpeg

/// Reads a file's container and stream information with libavformat, as ffprobe does.
public struct MediaProber: Sendable {
    public var limits: MediaLimits

    public init(limits: MediaLimits = MediaLimits()) {
        self.limits = limits
    }

    /// Probes `source`. Blocking: call it from a dedicated thread.
    public func probe(_ source: MediaSource, cancellation: MediaCancellation? = nil) throws -> MediaMetadata {
        try FFmpegLog.configure()
        let input = try InputContext.open(source, limits: limits, cancellation: cancellation)
        return Self.metadata(of: input)
    }

    static func metadata(of input: InputContext) -> MediaMetadata {
        let context = input.pointer.pointee
        var video: [VideoStreamInfo] = []
        var audio: [AudioStreamInfo] = []
        var subtitles: [SubtitleStreamInfo] = []
        var data: [DataStreamInfo] = []
        for (index, stream) in input.streams.enumerated() {
            let parameters = stream.pointee.codecpar.pointee
            switch parameters.codec_type {
            case AVMEDIA_TYPE_VIDEO: video.append(videoInfo(input, index, stream))
            case AVMEDIA_TYPE_AUDIO: audio.append(audioInfo(index, stream))
            case AVMEDIA_TYPE_SUBTITLE:
                let tags = FFDictionary.entries(stream.pointee.metadata)
                subtitles.append(SubtitleStreamInfo(
                    index: index, codec: codecName(parameters.codec_id), language: tags["language"],
                    isDefault: stream.pointee.disposition & mw_disposition_default() != 0, tags: tags))
            default:
                data.append(DataStreamInfo(index: index, codec: codecName(parameters.codec_id), tags: FFDictionary.entries(stream.pointee.metadata)))
            }
        }
        let chapters: [ChapterInfo] = (0..<Int(context.nb_chapters)).compactMap { index in
            guard let chapter = context.chapters[index]?.pointee else { return nil }
            let base = av_q2d(chapter.time_base)
            return ChapterInfo(
                id: chapter.id, start: Double(chapter.start) * base, end: Double(chapter.end) * base,
                title: FFDictionary.entries(chapter.metadata)["title"])
        }
        let container = ContainerInfo(
            format: input.formatName,
            formatLongName: String(ffmpeg: context.iformat?.pointee.long_name),
            duration: input.durationSeconds,
            startTime: context.start_time == mw_av_nopts_value() ? nil : input.startSeconds,
            bitRate: context.bit_rate > 0 ? context.bit_rate : nil,
            size: context.pb.map { avio_size($0) }.flatMap { $0 > 0 ? $0 : nil },
            streamCount: Int(context.nb_streams),
            tags: FFDictionary.entries(context.metadata))
        return MediaMetadata(
            kind: kind(format: input.formatName, video: video, audio: audio), container: container,
            video: video, audio: audio, subtitles: subtitles, data: data, chapters: chapters)
    }

    static func kind(format: String, video: [VideoStreamInfo], audio: [AudioStreamInfo]) -> MediaKind {
        let realVideo = video.filter { !$0.isAttachedPicture }
        if format.hasSuffix("_pipe") || format == "image2" { return realVideo.isEmpty ? .unknown : .image }
        if !realVideo.isEmpty { return .video }
        if !audio.isEmpty { return .audio }
        return .unknown
    }

    static func codecName(_ id: AVCodecID) -> String { String(cString: avcodec_get_name(id)) }

    private static func seconds(_ value: Int64, _ base: AVRational) -> Double? {
        value == mw_av_nopts_value() ? nil : Double(value) * av_q2d(base)
    }

    private static func rate(_ value: AVRational) -> (String, Double)? {
        guard value.num > 0, value.den > 0 else { return nil }
        return ("\(value.num)/\(value.den)", av_q2d(value))
    }

    /// The clockwise rotation a player applies, from the stream's display matrix.
    static func rotation(_ stream: UnsafeMutablePointer<AVStream>) -> Int {
        let theta = mw_stream_display_rotation(stream)
        guard theta.isFinite else { return 0 }
        return DisplayGeometry.normalize(-Int(theta.rounded()))
    }

    static func geometry(_ input: InputContext, _ stream: UnsafeMutablePointer<AVStream>) -> DisplayGeometry {
        let parameters = stream.pointee.codecpar.pointee
        let sar = av_guess_sample_aspect_ratio(input.pointer, stream, nil)
        return DisplayGeometry(
            codedWidth: Int(parameters.width), codedHeight: Int(parameters.height),
            sampleAspect: (Int(sar.num), Int(sar.den)), rotation: rotation(stream))
    }

    private static func videoInfo(_ input: InputContext, _ index: Int, _ stream: UnsafeMutablePointer<AVStream>) -> VideoStreamInfo {
        let parameters = stream.pointee.codecpar.pointee
        let tags = FFDictionary.entries(stream.pointee.metadata)
        let sar = av_guess_sample_aspect_ratio(input.pointer, stream, nil)
        var sampleAspect: String?
        var displayAspect: String?
        if sar.num > 0 && sar.den > 0 {
            sampleAspect = "\(sar.num):\(sar.den)"
            var dar = AVRational()
            av_reduce(&dar.num, &dar.den, Int64(parameters.width) * Int64(sar.num), Int64(parameters.height) * Int64(sar.den), 1024 * 1024)
            displayAspect = "\(dar.num):\(dar.den)"
        }
        let geometry = geometry(input, stream)
        let format = AVPixelFormat(rawValue: parameters.format)
        let descriptor = av_pix_fmt_desc_get(format)
        let fieldOrder: String? = switch parameters.field_order {
        case AV_FIELD_PROGRESSIVE: "progressive"
        case AV_FIELD_TT: "tt"
        case AV_FIELD_BB: "bb"
        case AV_FIELD_TB: "tb"
        case AV_FIELD_BT: "bt"
        default: nil
        }
        let average = rate(stream.pointee.avg_frame_rate)
        let real = rate(stream.pointee.r_frame_rate)
        return VideoStreamInfo(
            index: index,
            codec: codecName(parameters.codec_id),
            codecLongName: String(ffmpeg: avcodec_descriptor_get(parameters.codec_id)?.pointee.long_name),
            profile: String(ffmpeg: avcodec_profile_name(parameters.codec_id, parameters.profile)),
            level: parameters.level == -99 ? nil : Int(parameters.level),
            width: Int(parameters.width), height: Int(parameters.height),
            sampleAspectRatio: sampleAspect, displayAspectRatio: displayAspect,
            rotation: geometry.rotation,
            displayWidth: geometry.displaySize.width, displayHeight: geometry.displaySize.height,
            avgFrameRate: average?.0, avgFrameRateValue: average?.1, realFrameRate: real?.0,
            frameCount: stream.pointee.nb_frames > 0 ? stream.pointee.nb_frames : nil,
            pixelFormat: String(ffmpeg: av_get_pix_fmt_name(format)),
            bitDepth: descriptor.map { Int($0.pointee.comp.0.depth) },
            colorPrimaries: parameters.color_primaries == AVCOL_PRI_UNSPECIFIED ? nil : String(ffmpeg: av_color_primaries_name(parameters.color_primaries)),
            colorTransfer: parameters.color_trc == AVCOL_TRC_UNSPECIFIED ? nil : String(ffmpeg: av_color_transfer_name(parameters.color_trc)),
            colorSpace: parameters.color_space == AVCOL_SPC_UNSPECIFIED ? nil : String(ffmpeg: av_color_space_name(parameters.color_space)),
            colorRange: parameters.color_range == AVCOL_RANGE_UNSPECIFIED ? nil : String(ffmpeg: av_color_range_name(parameters.color_range)),
            fieldOrder: fieldOrder,
            interlaced: fieldOrder != nil && fieldOrder != "progressive",
            bitRate: parameters.bit_rate > 0 ? parameters.bit_rate : nil,
            duration: seconds(stream.pointee.duration, stream.pointee.time_base),
            startTime: seconds(stream.pointee.start_time, stream.pointee.time_base),
            language: tags["language"],
            isDefault: stream.pointee.disposition & mw_disposition_default() != 0,
            isAttachedPicture: stream.pointee.disposition & mw_disposition_attached_pic() != 0,
            tags: tags)
    }

    private static func audioInfo(_ index: Int, _ stream: UnsafeMutablePointer<AVStream>) -> AudioStreamInfo {
        var parameters = stream.pointee.codecpar.pointee
        let tags = FFDictionary.entries(stream.pointee.metadata)
        var layout: String?
        if parameters.ch_layout.order != AV_CHANNEL_ORDER_UNSPEC {
            var buffer = [CChar](repeating: 0, count: 128)
            if av_channel_layout_describe(&parameters.ch_layout, &buffer, buffer.count) > 0 {
                layout = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        let sampleFormat = AVSampleFormat(rawValue: parameters.format)
        return AudioStreamInfo(
            index: index,
            codec: codecName(parameters.codec_id),
            codecLongName: String(ffmpeg: avcodec_descriptor_get(parameters.codec_id)?.pointee.long_name),
            profile: String(ffmpeg: avcodec_profile_name(parameters.codec_id, parameters.profile)),
            channels: Int(parameters.ch_layout.nb_channels),
            channelLayout: layout,
            sampleRate: Int(parameters.sample_rate),
            sampleFormat: String(ffmpeg: av_get_sample_fmt_name(sampleFormat)),
            bitsPerSample: av_get_bits_per_sample(parameters.codec_id) > 0 ? Int(av_get_bits_per_sample(parameters.codec_id)) : nil,
            bitRate: parameters.bit_rate > 0 ? parameters.bit_rate : nil,
            duration: seconds(stream.pointee.duration, stream.pointee.time_base),
            startTime: seconds(stream.pointee.start_time, stream.pointee.time_base),
            language: tags["language"],
            isDefault: stream.pointee.disposition & mw_disposition_default() != 0,
            tags: tags)
    }
}
