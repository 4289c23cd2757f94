internal import CFFmpeg
import Foundation

/// One transcode of the ladder: the decoding loop on the calling thread, the workers on theirs.
final class LadderRun {
    private let input: InputContext
    private let options: LadderOptions
    private let plans: [RenditionPlan]
    private let videoIndex: Int
    private let videoDecoder: Decoder
    /// One audio encode per distinct audio format of the renditions (source track, codec,
    /// bitrate, sample rate, channels: AAC, Vorbis for WebM), each with its own decoder.
    private let audioChains: [AudioChain]
    /// Each worker's index in `audioChains`.
    private let audioFor: [Int]
    private let workers: [RenditionWorker]
    /// The workers fed by the decoder; the others scale from a larger rendition's pictures.
    private let roots: [RenditionWorker]
    /// The `converters` index of each root's frame rate.
    private let rootGroups: [Int]
    private let finalPaths: [String]
    /// Each plan's frame rate, and which of `converters` slots its pictures.
    private let frameRates: [AVRational]
    private let rateGroup: [Int]
    private let progress: (@Sendable (Double) -> Void)?
    private let interlacedStream: Bool
    /// The kept part of the source (`LadderOptions.clip`), resolved at the source's frame rate.
    private let clip: ClipWindow?
    private var lastVideoTime: Double = 0
    /// bwdif for interlaced pictures, once one arrives.
    private var deinterlacing: VideoFilterGraph?
    /// One constant-rate slotting per distinct output frame rate; the first is the ladder's
    /// own (thumbnail times, pictures without timestamps).
    private var converters: [FrameRateConverter]
    private var converter: FrameRateConverter { converters[0] }
    private var previous: Frame?
    private var endTime: Double = 0
    private var decodedFrames = 0
    private var reportedPercent = -1
    private let thumbnail: (extractor: ThumbnailExtractor, path: String, time: Double, isFallback: Bool)?
    private(set) var thumbnailResult: ThumbnailResult?
    /// The scrub-bar sprite sheets, fed the decoded pictures of the kept part.
    private let sprites: SpriteSheetWriter?
    private let geometry: DisplayGeometry

    init(
        input: InputContext, options: LadderOptions, outputPath: (Rendition) -> String,
        thumbnail: (extractor: ThumbnailExtractor, path: String)?, sprites: SpriteSheetWriter? = nil, progress: (@Sendable (Double) -> Void)?,
        audioFilter: String? = nil
    ) throws {
        self.input = input
        self.sprites = sprites
        self.options = options
        self.progress = progress
        guard let videoIndex = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw MediaError(.unsupportedContent, "\(input.name) has no video stream; audio-only files become .m4a, not renditions", path: input.name)
        }
        guard !options.renditions.isEmpty else { throw MediaError(.invalidArgument, "the ladder has no renditions") }
        self.videoIndex = videoIndex
        if let thumbnail {
            let (time, isFallback) = thumbnail.extractor.effectiveTime(input, videoIndex)
            self.thumbnail = (thumbnail.extractor, thumbnail.path, time, isFallback)
        } else {
            self.thumbnail = nil
        }
        let stream = input.stream(videoIndex)
        var geometry = MediaProber.geometry(input, stream)
        if let rotation = options.rotation { geometry.rotation = rotation }
        self.geometry = geometry
        plans = RenditionPlan.plan(options.renditions, geometry: geometry, cascadeAreaRatio: options.cascadeAreaRatio)
        let ladderRate: AVRational
        if let fixed = options.frameRate, let rate = Self.rational(fixed) {
            ladderRate = rate
        } else {
            let rate = Self.outputFrameRate(stream, max: options.maxFrameRate)
            // Inverse telecine leaves four film frames of every five.
            ladderRate = options.deinterlacing?.mode == .inverseTelecine ? av_mul_q(rate, AVRational(num: 4, den: 5)) : rate
        }
        let frameRates = plans.map { plan in plan.rendition.frameRate.flatMap(Self.rational) ?? ladderRate }
        var distinct = [ladderRate]
        for rate in frameRates where !distinct.contains(where: { av_cmp_q($0, rate) == 0 }) { distinct.append(rate) }
        self.frameRates = frameRates
        rateGroup = frameRates.map { rate in distinct.firstIndex { av_cmp_q($0, rate) == 0 } ?? 0 }
        converters = distinct.map { FrameRateConverter(framesPerSecond: av_q2d($0)) }
        let fieldOrder = stream.pointee.codecpar.pointee.field_order
        interlacedStream = fieldOrder != AV_FIELD_PROGRESSIVE && fieldOrder != AV_FIELD_UNKNOWN
        clip = try ClipResolver.window(options.clip, input: input, stream: stream)
        videoDecoder = try Decoder(input: input, streamIndex: videoIndex)
        let formats = plans.map { AudioFormat($0.rendition, options: options) }
        var distinctFormats: [AudioFormat] = []
        for format in formats where !distinctFormats.contains(format) { distinctFormats.append(format) }
        if input.bestStream(AVMEDIA_TYPE_AUDIO) != nil {
            let clip = clip
            audioChains = try distinctFormats.map { format in
                guard let audioIndex = try input.audioStream(track: format.track) else {
                    throw MediaError(.unsupportedContent, "\(input.name) has no audio stream", path: input.name)
                }
                let chain = try AudioChain(
                    input: input, streamIndex: audioIndex, bitrate: format.bitrate, sampleRate: format.sampleRate, channels: format.channels,
                    globalHeader: true, codecName: format.codecName)
                chain.clip = clip
                chain.filter = audioFilter
                return chain
            }
        } else {
            audioChains = []
        }
        audioFor = formats.map { format in distinctFormats.firstIndex(of: format) ?? 0 }
        finalPaths = plans.map { outputPath($0.rendition) }
        let color = ColorTags(stream.pointee.codecpar.pointee)
        var workers: [RenditionWorker] = []
        let threads = Self.encoderThreads(plans, options: options)
        for (index, (plan, path)) in zip(plans, finalPaths).enumerated() {
            let directory = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let partial = try Self.partialPath(for: path, container: options.container)
            workers.append(try RenditionWorker(
                plan: plan, options: options, threads: threads[index], frameRate: frameRates[index], rotation: geometry.rotation, color: color,
                audio: audioChains.isEmpty ? nil : audioChains[audioFor[index]], partialPath: partial, inputOffset: clip?.start ?? 0))
        }
        for (index, plan) in plans.enumerated() {
            if let parent = plan.scalesFrom { workers[parent].children.append(workers[index]) }
        }
        self.workers = workers
        roots = zip(plans, workers).filter { $0.0.scalesFrom == nil }.map(\.1)
        rootGroups = zip(plans, rateGroup).filter { $0.0.scalesFrom == nil }.map(\.1)
    }

    /// A positive fraction as an AVRational; nil for a zero or negative part.
    private static func rational(_ rate: FrameRate) -> AVRational? {
        guard rate.numerator > 0, rate.denominator > 0 else { return nil }
        return AVRational(num: Int32(clamping: rate.numerator), den: Int32(clamping: rate.denominator))
    }

    /// x264 threads per rendition: about 1.5 per core (x264's own rule) shared among the
    /// renditions by pixel count, at least one each.
    static func encoderThreads(_ plans: [RenditionPlan], options: LadderOptions) -> [Int32] {
        if let fixed = options.encoderThreads { return plans.map { _ in Int32(fixed) } }
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        let total = Double(plans.reduce(0) { $0 + $1.width * $1.height })
        return plans.map { plan in
            Int32(max(1, (1.5 * cores * Double(plan.width * plan.height) / max(1, total)).rounded()))
        }
    }

    /// The source's average frame rate, capped; 25 when the file does not say.
    static func outputFrameRate(_ stream: UnsafeMutablePointer<AVStream>, max: Int) -> AVRational {
        var rate = stream.pointee.avg_frame_rate
        if rate.num <= 0 || rate.den <= 0 || av_q2d(rate) > 1000 { rate = stream.pointee.r_frame_rate }
        if rate.num <= 0 || rate.den <= 0 || av_q2d(rate) > 1000 { rate = AVRational(num: 25, den: 1) }
        if av_q2d(rate) > Double(max) { rate = AVRational(num: Int32(max), den: 1) }
        return rate
    }


    func execute() throws -> [RenditionOutput] {
        for worker in workers { worker.start() }
        do {
            try decodeAll()
        } catch {
            for worker in workers { worker.abort() }
            for worker in workers { worker.join() }
            removePartials()
            throw error
        }
        for worker in roots { worker.queue.close() }
        for worker in workers { worker.join() }
        if let failure = workers.compactMap(\.error).first {
            removePartials()
            throw failure
        }
        do {
            let outputs = try validateAndMove()
            progress?(1)
            return outputs
        } catch {
            removePartials()
            throw error
        }
    }

    private func decodeAll() throws {
        let packet = try Packet()
        while try input.read(into: packet) {
            defer { packet.unreference() }
            try input.interrupt.check(input.name)
            if let failure = workers.compactMap(\.error).first { throw failure }
            // Past the clip's end (audio interleaved within a few seconds): nothing more is kept.
            if let end = clip?.end, lastVideoTime > end + 3 { break }
            if packet.streamIndex == videoIndex {
                try videoDecoder.send(packet)
                try drainVideo()
            } else {
                for (index, chain) in audioChains.enumerated() where packet.streamIndex == chain.streamIndex {
                    try chain.decode(packet) { try broadcastAudio($0, chain: index) }
                }
            }
        }
        try videoDecoder.send(nil)
        try drainVideo()
        if let deinterlacing { try flushDeinterlacer(deinterlacing) }
        if decodedFrames == 0 {
            throw MediaError(.decodeFailed, "\(input.name): no video frame could be decoded; the file is damaged or truncated", path: input.name)
        }
        if let previous, thumbnail != nil, thumbnailResult == nil {
            try takeThumbnail(previous, time: Double(converter.nextSlot - 1) * converter.slotDuration)
        }
        try sprites?.finish(duration: endTime)
        if let previous {
            for group in converters.indices {
                let copies = converters[group].finish(endTime: endTime)
                let first = converters[group].nextSlot - copies
                for slot in 0..<copies { try broadcastVideo(previous, slot: first + slot, group: group) }
            }
        }
        for (index, chain) in audioChains.enumerated() { try chain.finish { try broadcastAudio($0, chain: index) } }
    }

    private func drainVideo() throws {
        let timeBase = input.stream(videoIndex).pointee.time_base
        while true {
            let frame = try Frame()
            guard try videoDecoder.receive(into: frame) else { return }
            decodedFrames += 1
            let pts = frame.pointer.pointee.best_effort_timestamp
            let time = seconds(pts, timeBase)
            let duration = frame.pointer.pointee.pkt_duration > 0 ? Double(frame.pointer.pointee.pkt_duration) * av_q2d(timeBase) : converter.slotDuration
            lastVideoTime = max(lastVideoTime, time)
            if let clip {
                if clip.contains(time) { endTime = max(endTime, min(time + duration, clip.end ?? .infinity) - clip.start) }
            } else {
                endTime = max(endTime, time + duration)
            }
            if let thumbnail, thumbnailResult == nil, time >= thumbnail.time - 0.0005 {
                try takeThumbnail(frame, time: time)
            }
            if let sprites, clip?.contains(time) ?? true { try sprites.accept(frame, time: time - (clip?.start ?? 0), geometry: geometry) }
            if let graph = try deinterlacer(for: frame, timeBase: timeBase) {
                frame.pointer.pointee.pts = pts
                try graph.send(frame)
                try drainDeinterlacer(graph)
            } else {
                try emit(frame, time: time)
            }
        }
    }

    /// Seconds from the start for a timestamp in `timeBase`; the next slot without one.
    private func seconds(_ pts: Int64, _ timeBase: AVRational) -> Double {
        pts == mw_av_nopts_value()
            ? Double(converter.nextSlot) * converter.slotDuration
            : Double(pts) * av_q2d(timeBase) - input.startSeconds
    }

    /// The bwdif graph interlaced pictures go through (8 to 16 bits, any planar YUV), built for
    /// the first interlaced frame and again when the pictures' geometry or format changes; nil
    /// while no frame needs it. Formats bwdif lacks are converted to 4:2:0 first (the encoders'
    /// format anyway).
    private func deinterlacer(for frame: Frame, timeBase: AVRational) throws -> VideoFilterGraph? {
        guard deinterlacing != nil || interlacedStream || frame.pointer.pointee.interlaced_frame != 0 || options.deinterlacing?.processesEveryPicture == true
        else { return nil }
        // decimate times its output from the input's frame rate.
        let wanted = VideoFilterGraph.Input(frame: frame, timeBase: timeBase, frameRate: input.stream(videoIndex).pointee.avg_frame_rate)
        if let current = deinterlacing, current.input == wanted { return current }
        if let current = deinterlacing { try flushDeinterlacer(current) }
        // The whole stream when it is interlaced; otherwise only the frames flagged interlaced.
        let bwdif = (options.deinterlacing ?? Deinterlacing()).filter(interlacedStream: interlacedStream)
        let graph: VideoFilterGraph
        do {
            graph = try VideoFilterGraph(bwdif, input: wanted)
        } catch {
            graph = try VideoFilterGraph("format=yuv420p,\(bwdif)", input: wanted)
        }
        deinterlacing = graph
        return graph
    }

    private func drainDeinterlacer(_ graph: VideoFilterGraph) throws {
        while true {
            let frame = try Frame()
            guard try graph.receive(into: frame) else { return }
            try emit(frame, time: seconds(frame.pointer.pointee.pts, graph.outputTimeBase))
        }
    }

    /// Ends the graph's stream so bwdif gives the frame it holds back.
    private func flushDeinterlacer(_ graph: VideoFilterGraph) throws {
        try graph.send(nil)
        try drainDeinterlacer(graph)
        deinterlacing = nil
    }

    /// A picture in presentation order into the constant-rate slots.
    private func emit(_ frame: Frame, time sourceTime: Double) throws {
        if let clip, !clip.contains(sourceTime) { return }
        let time = sourceTime - (clip?.start ?? 0)
        for group in converters.indices {
            let emission = converters[group].accept(time: time)
            var slot = emission.firstSlot
            if let previous {
                for _ in 0..<emission.previousCopies {
                    try broadcastVideo(previous, slot: slot, group: group)
                    slot += 1
                }
            }
            for _ in 0..<emission.currentCopies {
                try broadcastVideo(frame, slot: slot, group: group)
                slot += 1
            }
        }
        previous = frame
        report(time)
    }

    /// The thumbnail from the frame decoding reached, before deinterlacing (as the extractor).
    private func takeThumbnail(_ frame: Frame, time: Double) throws {
        guard let thumbnail else { return }
        thumbnailResult = try thumbnail.extractor.writeJPEG(
            of: frame, time: time, isFallback: thumbnail.isFallback,
            geometry: MediaProber.geometry(input, input.stream(videoIndex)), to: thumbnail.path)
    }

    /// A picture for one slot of one frame rate, to the roots at that rate.
    private func broadcastVideo(_ frame: Frame, slot: Int64, group: Int) throws {
        for (worker, rootGroup) in zip(roots, rootGroups) where rootGroup == group {
            if !worker.queue.push(.video(try frame.reference(), slot: slot)), let failure = worker.error { throw failure }
        }
    }

    /// An encoded packet of one audio chain, to the workers of that format.
    private func broadcastAudio(_ packet: Packet, chain: Int) throws {
        for (worker, index) in zip(workers, audioFor) where index == chain {
            if !worker.queue.push(.audio(try packet.reference())), let failure = worker.error { throw failure }
        }
    }

    private func report(_ time: Double) {
        guard let progress, let duration = input.durationSeconds, duration > 0 else { return }
        let percent = min(99, Int(time / duration * 100))
        if percent > reportedPercent {
            reportedPercent = percent
            progress(Double(percent) / 100)
        }
    }

    /// Where a rendition is written before it is validated: a hidden file next to the MP4,
    /// or a hidden directory for an HLS playlist and its segments.
    static func partialPath(for path: String, container: LadderContainer) throws -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        switch container {
        case .mp4:
            return (directory as NSString).appendingPathComponent(".\(name).partial.mp4")
        case .hls:
            let staging = (directory as NSString).appendingPathComponent(".\(name).partial")
            try? FileManager.default.removeItem(atPath: staging)
            do {
                try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            } catch {
                throw MediaError(.io, "cannot create \(staging): \(error.localizedDescription)", path: staging)
            }
            return (staging as NSString).appendingPathComponent(name)
        }
    }

    private func validateAndMove() throws -> [RenditionOutput] {
        let validator = OutputValidator()
        var outputs: [RenditionOutput] = []
        for (worker, path) in zip(workers, finalPaths) {
            let plan = worker.plan
            let metadata = try validator.validate(worker.partialPath, against: .init(
                videoCodec: plan.rendition.encoding.videoCodec.codecName, width: plan.width, height: plan.height,
                audioCodec: audioChains.isEmpty ? nil : plan.rendition.encoding.videoCodec == .vp9 ? "vorbis" : "aac",
                duration: ClipResolver.duration(clip, source: input.durationSeconds)))
            let bytes = try move(worker.partialPath, to: path)
            outputs.append(RenditionOutput(
                name: plan.rendition.name, path: path, width: plan.width, height: plan.height,
                videoBitrate: plan.rendition.videoBitrate, duration: metadata.container.duration ?? 0,
                bytes: bytes ?? metadata.container.size ?? 0, hasAudio: !audioChains.isEmpty, videoProfile: metadata.primaryVideo?.profile,
                videoLevel: metadata.primaryVideo?.level, frameRate: metadata.primaryVideo?.avgFrameRateValue))
        }
        return outputs
    }

    /// Moves a finished rendition into place; for HLS every file of the staging directory.
    /// Returns the bytes moved for HLS (the playlist plus its segments).
    private func move(_ partial: String, to path: String) throws -> Int64? {
        let manager = FileManager.default
        do {
            switch options.container {
            case .mp4:
                try? manager.removeItem(atPath: path)
                try manager.moveItem(atPath: partial, toPath: path)
                return nil
            case .hls:
                let staging = (partial as NSString).deletingLastPathComponent
                let directory = (path as NSString).deletingLastPathComponent
                var bytes: Int64 = 0
                for name in try manager.contentsOfDirectory(atPath: staging).sorted() {
                    let source = (staging as NSString).appendingPathComponent(name)
                    let target = (directory as NSString).appendingPathComponent(name)
                    bytes += (try manager.attributesOfItem(atPath: source)[.size] as? Int64) ?? 0
                    try? manager.removeItem(atPath: target)
                    try manager.moveItem(atPath: source, toPath: target)
                }
                try? manager.removeItem(atPath: staging)
                return bytes
            }
        } catch {
            throw MediaError(.io, "cannot move the finished rendition to \(path): \(error.localizedDescription)", path: path)
        }
    }

    private func removePartials() {
        for worker in workers {
            switch options.container {
            case .mp4: try? FileManager.default.removeItem(atPath: worker.partialPath)
            case .hls: try? FileManager.default.removeItem(atPath: (worker.partialPath as NSString).deletingLastPathComponent)
            }
        }
    }
}
