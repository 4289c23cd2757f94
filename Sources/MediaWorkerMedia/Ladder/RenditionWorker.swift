internal import CFFmpeg
import Foundation
import Synchronization
import MediaWorkerSupport

/// One rendition's thread: scales (and rotates) decoded pictures, encodes them with libx264
/// and muxes them, with the shared AAC packets, into an MP4 with faststart or an HLS playlist.
final class RenditionWorker: @unchecked Sendable {
    enum Item {
        /// A picture for output slot `slot`.
        case video(Frame, slot: Int64)
        /// An encoded AAC packet (timestamps in the audio chain's time base).
        case audio(Packet)
    }

    let plan: RenditionPlan
    let queue: WorkQueue<Item>
    let partialPath: String
    /// Renditions that scale from this one's pictures instead of the source.
    var children: [RenditionWorker] = []
    /// The failure that stopped this rendition; set on its thread, read by the decoding thread.
    var error: (any Error)? { failure.withLock { $0 } }
    private let failure = Locked<(any Error)?>(nil)

    private let rotation: Int
    private let encoder: Encoder
    private let output: OutputContext
    private let audioTimeBase: AVRational?
    private let videoTimeBase: AVRational
    private let pixelFormat: AVPixelFormat
    /// The plan's filter chain, built for the pictures' geometry (see `RenditionPlan.filter`).
    private var graph: VideoFilterGraph?
    /// `plan.filter` for this rendition's frame rate, made for the first picture.
    private var resolvedFilter: String?
    /// Seconds of the input before the first output picture (the clip's start).
    private let inputOffset: Double
    /// An MP4 file (not HLS, not WebM): its boxes are finished after the trailer (``MP4Boxes``).
    private let finishesMP4: Bool
    private var filtered: Frame?
    private var scaler: Scaler?
    private var scaled: Frame?
    private var rotated: Frame?
    private let packet: Packet
    private let finished = DispatchSemaphore(value: 0)
    private let aborted = Atomic<Bool>(false)
    /// The source's colour description (the colour corrector converts from it).
    private let sourceColor: ColorTags

    init(plan: RenditionPlan, options: LadderOptions, threads: Int32, frameRate: AVRational, rotation: Int, color: ColorTags, audio: AudioChain?, partialPath: String,
         inputOffset: Double = 0) throws {
        self.plan = plan
        self.inputOffset = inputOffset
        sourceColor = color
        let color = color.corrected(by: plan.rendition.colorCorrection)
        self.rotation = rotation
        self.partialPath = partialPath
        queue = WorkQueue(capacity: options.queueDepth)
        packet = try Packet()
        if case .mp4 = options.container { finishesMP4 = plan.rendition.encoding.videoCodec != .vp9 } else { finishesMP4 = false }
        switch options.container {
        case .mp4: output = try OutputContext(path: partialPath, format: plan.rendition.fileFormat ?? (plan.rendition.encoding.videoCodec == .vp9 ? "webm" : "mp4"))
        case .hls: output = try OutputContext(path: partialPath, format: "hls")
        }
        let globalHeader = output.wantsGlobalHeader
        videoTimeBase = AVRational(num: frameRate.den, den: frameRate.num)
        let timeBase = videoTimeBase
        let encoding = plan.rendition.encoding
        let gop = encoding.gopFrames(framesPerSecond: av_q2d(frameRate), defaultSeconds: options.keyframeIntervalSeconds)
        let settings = encoding.encoderSettings(bitrate: plan.rendition.videoBitrate, preset: options.preset, defaultProfile: options.profile)
        let pixelFormat = av_get_pix_fmt(settings.pixelFormat)
        self.pixelFormat = pixelFormat
        encoder = try Encoder(codecName: settings.codecName, options: settings.options) { context in
            context.pointee.width = Int32(plan.width)
            context.pointee.height = Int32(plan.height)
            context.pointee.pix_fmt = pixelFormat
            context.pointee.time_base = timeBase
            context.pointee.framerate = frameRate
            context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            context.pointee.gop_size = gop
            context.pointee.bit_rate = settings.bitrate
            context.pointee.rc_max_rate = settings.maxRate
            context.pointee.rc_min_rate = settings.minRate
            context.pointee.rc_buffer_size = settings.bufferSize
            context.pointee.thread_count = threads
            if let profile = settings.profileNumber { context.pointee.profile = profile }
            context.pointee.color_range = AVCOL_RANGE_MPEG
            context.pointee.color_primaries = color.primaries
            context.pointee.color_trc = color.transfer
            context.pointee.colorspace = color.space
            if globalHeader { context.pointee.flags |= mw_codec_flag_global_header() }
        }
        let videoStream = try output.addStream(for: encoder)
        // Apple players want HEVC tagged hvc1 (MediaConvert's default too) in MP4.
        if encoding.videoCodec == .h265, case .mp4 = options.container { videoStream.pointee.codecpar.pointee.codec_tag = mw_fourcc_hvc1() }
        if let audio {
            _ = try output.addStream(for: audio.encoder, language: plan.rendition.audioLanguage)
            audioTimeBase = audio.timeBase
        } else {
            audioTimeBase = nil
        }
        switch options.container {
        case .mp4 where encoding.videoCodec == .vp9:
            try output.writeHeader()
        case .mp4 where plan.rendition.mp4Boxes == .muxerDefault:
            try output.writeHeader(options: ["movflags": "+faststart"])
        case .mp4:
            // MP4BoxRewriter moves the index to the front as it rebuilds the boxes: one copy, not two.
            try output.writeHeader()
        case .hls(let segmentSeconds):
            let directory = (partialPath as NSString).deletingLastPathComponent
            let stem = ((partialPath as NSString).lastPathComponent as NSString).deletingPathExtension
            try output.writeHeader(options: [
                "hls_time": String(segmentSeconds), "hls_playlist_type": "vod", "start_number": "1",
                "hls_segment_filename": (directory as NSString).appendingPathComponent("\(stem)_%05d.ts"),
                "hls_flags": "independent_segments",
            ])
        }
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "media-worker.rendition.\(plan.rendition.name)"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Waits for the thread to end.
    func join() { finished.wait() }

    /// Stops without finishing the file, after a failure elsewhere.
    func abort() {
        aborted.store(true, ordering: .relaxed)
        queue.cancel()
        for child in children { child.abort() }
    }

    private func run() {
        do {
            while let item = queue.pop() {
                if aborted.load(ordering: .relaxed) { break }
                switch item {
                case .video(let frame, let slot): try encode(frame, slot: slot)
                case .audio(let audio):
                    if let audioTimeBase { try output.write(audio, stream: 1, timeBase: audioTimeBase) }
                }
            }
            if aborted.load(ordering: .relaxed) {
                for child in children { child.abort() }
                return
            }
            try encoder.send(nil)
            try drain()
            try output.finish()
            if finishesMP4 {
                try MP4BoxRewriter.rewriteFile(partialPath, to: plan.rendition.mp4Boxes ?? MP4Boxes())
            }
            for child in children { child.queue.close() }
        } catch {
            failure.withLock { $0 = error }
            abort()
        }
    }

    private func encode(_ source: Frame, slot: Int64) throws {
        if plan.filter != nil {
            if resolvedFilter == nil { resolvedFilter = try plan.resolvedFilter(rate: (videoTimeBase.den, videoTimeBase.num), inputOffset: inputOffset, color: sourceColor) }
            // The graph's clock is the output's: image windows and fades count output pictures.
            source.pointer.pointee.pts = slot * 90_000 * Int64(videoTimeBase.num) / Int64(videoTimeBase.den)
            try encode(try FramedPicture.filter(source, through: resolvedFilter!, graph: &graph, into: &filtered), slot: slot, upright: true)
            return
        }
        try encode(try scale(source), slot: slot, upright: false)
    }

    private func encode(_ picture: Frame, slot: Int64, upright isUpright: Bool) throws {
        for child in children {
            child.queue.push(.video(try picture.reference(), slot: slot))
        }
        let upright = isUpright ? picture : try rotate(picture)
        upright.pointer.pointee.pts = slot
        upright.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
        upright.pointer.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        upright.pointer.pointee.color_range = AVCOL_RANGE_MPEG
        try encoder.send(upright)
        try drain()
    }

    /// The picture at the planned size, in the source's orientation.
    private func scale(_ source: Frame) throws -> Frame {
        let width = Int32(plan.scaledWidth)
        let height = Int32(plan.scaledHeight)
        if source.width == width && source.height == height && source.pixelFormat == AV_PIX_FMT_YUV420P && !Scaler.isFullRange(source) {
            return source
        }
        if scaler == nil || scaler?.sourceWidth != source.width || scaler?.sourceHeight != source.height || scaler?.sourceFormat != source.pixelFormat {
            scaler = try Scaler(
                sourceWidth: source.width, sourceHeight: source.height, sourceFormat: source.pixelFormat, sourceFullRange: Scaler.isFullRange(source),
                outputWidth: width, outputHeight: height, outputFormat: AV_PIX_FMT_YUV420P, outputFullRange: false,
                colorspace: source.pointer.pointee.colorspace, flags: mw_sws_bicubic())
        }
        if scaled == nil { scaled = try Frame.picture(format: AV_PIX_FMT_YUV420P, width: width, height: height) }
        try scaler!.scale(source, into: scaled!)
        return scaled!
    }

    private func rotate(_ picture: Frame) throws -> Frame {
        guard rotation != 0 else { return picture }
        if rotated == nil { rotated = try Frame.picture(format: AV_PIX_FMT_YUV420P, width: Int32(plan.width), height: Int32(plan.height)) }
        try PictureTransform.rotate(picture, into: rotated!, degrees: rotation)
        return rotated!
    }

    private func drain() throws {
        while try encoder.receive(into: packet) {
            packet.pointer.pointee.duration = 1
            try output.write(packet, stream: 0, timeBase: videoTimeBase)
            packet.unreference()
        }
    }
}
