public import MediaWorkerMedia
import MediaWorkerJSON
import Foundation

/// How template settings become local encoder settings (the README's mapping table).
public enum LocalMapping {
    /// The ladder for one output group's planned video outputs.
    public static func ladderOptions(for outputs: [PlannedOutput], group: TemplateOutputGroup, base: LadderOptions) -> LadderOptions {
        var options = base
        options.renditions = renditions(for: outputs)
        if let audio = outputs.compactMap(\.audio).first {
            options.audioSampleRate = Int32(audio.sampleRate ?? 48_000)
            options.audioChannels = channels(audio.codingMode)
        }
        if let normalization = outputs.compactMap(\.audio?.normalization).first {
            options.loudness = normalization
        }
        options.deinterlacing = outputs.compactMap(\.video?.deinterlacing).first
        if group.kind == .hls { options.container = .hls(segmentSeconds: Double(group.segmentLength ?? JobTemplate.defaultHLSSegmentLength)) }
        return options
    }

    /// One rendition per video output, named by its label (made unique).
    public static func renditions(for outputs: [PlannedOutput]) -> [Rendition] {
        var used = Set<String>()
        return outputs.compactMap { output -> Rendition? in
            guard let video = output.video, let shortSide = output.shortSide else { return nil }
            var name = output.label
            var suffix = 2
            while !used.insert(name).inserted {
                name = "\(output.label)-\(suffix)"
                suffix += 1
            }
            var rendition = Rendition(
                name: name, shortSide: shortSide, videoBitrate: nominalBitrate(video), audioBitrate: output.audio?.bitrate ?? 128_000,
                encoding: encoding(video), frame: output.frame, burnin: video.timecodeBurnin,
                outputImages: video.images, noiseReduction: video.noiseReduction, colorCorrection: video.colorCorrection, audioLanguage: output.audioLanguage)
            rendition.frameRate = frameRate(video)
            if let audio = output.audio {
                rendition.audioSampleRate = Int32(audio.sampleRate ?? 48_000)
                rendition.audioChannels = channels(audio.codingMode)
                rendition.audioTrack = output.audioTrack
            }
            return rendition
        }
    }

    /// `FramerateControl` SPECIFIED: `FramerateNumerator`/`FramerateDenominator`; otherwise
    /// (INITIALIZE_FROM_SOURCE, the default) `nil`, the source's rate.
    static func frameRate(_ video: TemplateVideo) -> FrameRate? {
        guard video.framerateControl == "SPECIFIED", let numerator = video.framerateNumerator, let denominator = video.framerateDenominator,
            numerator > 0, denominator > 0
        else { return nil }
        return FrameRate(numerator: numerator, denominator: denominator)
    }

    /// The bitrate a rendition is described by: `Bitrate`, or `MaxBitrate` for QVBR.
    static func nominalBitrate(_ video: TemplateVideo) -> Int {
        video.bitrate ?? video.maxBitrate ?? 5_000_000
    }

    /// `H264Settings` → x264: QVBR → CRF (37 − 2 × level) capped by MaxBitrate; CBR → bitrate =
    /// maxrate; VBR → bitrate and maxrate; HrdBufferSize → bufsize; GopSize in frames or seconds;
    /// BASELINE/MAIN/HIGH profiles; LEVEL_4_1 → level 4.1; the tuning members (``EncoderTuning``).
    public static func encoding(_ video: TemplateVideo) -> VideoEncoding {
        var encoding = VideoEncoding()
        switch video.rateControlMode {
        case "QVBR":
            let level = Double(video.qvbrQualityLevel ?? 7) + (video.qvbrQualityLevelFineTune ?? 0)
            encoding.rateControl = .quality(level: level, maxBitrate: video.maxBitrate ?? nominalBitrate(video))
        case "CBR": encoding.rateControl = .constant
        case "VBR": encoding.rateControl = .variable(maxBitrate: video.maxBitrate)
        default: encoding.rateControl = .average
        }
        if let size = video.hrdBufferSize, size > 0 { encoding.bufferSize = size }
        if let gop = video.gopSize, gop > 0 {
            switch video.gopSizeUnits {
            case "SECONDS": encoding.gop = .seconds(gop)
            case "FRAMES": encoding.gop = .frames(Int(gop.rounded()))
            default: encoding.gop = nil
            }
        }
        if let level = video.codecLevel, level.hasPrefix("LEVEL_") {
            encoding.level = String(level.dropFirst(6)).replacingOccurrences(of: "_", with: ".")
        }
        if !video.tuning.isEmpty { encoding.tuning = video.tuning }
        guard video.codec == "H_264" else { return CodecMapping.apply(video, to: encoding) }
        switch video.codecProfile {
        case "BASELINE": encoding.profile = "baseline"
        case "MAIN": encoding.profile = "main"
        case "HIGH"?, nil: encoding.profile = "high"
        default: encoding.profile = "high"
        }
        return encoding
    }

    /// `Mp4Settings` `FreeSpaceBox` (default EXCLUDE) and `CslgAtom` (default INCLUDE).
    static func mp4Boxes(_ settings: JSONValue?) -> MP4Boxes {
        MP4Boxes(freeSpace: settings?["FreeSpaceBox"]?.stringValue == "INCLUDE", compositionShift: settings?["CslgAtom"]?.stringValue != "EXCLUDE")
    }

    /// A file output's muxer and boxes from its `ContainerSettings`: MOV → libavformat's mov
    /// muxer with `MovSettings.CslgAtom` (default INCLUDE; the muxer's `wide` box before
    /// `mdat` is kept, there is no `free` box to drop); MP4 → ``mp4Boxes(_:)``.
    static func fileContainer(_ settings: JSONValue?) -> (format: String?, boxes: MP4Boxes) {
        guard settings?["Container"]?.stringValue == "MOV" else { return (nil, mp4Boxes(settings?["Mp4Settings"])) }
        return ("mov", MP4Boxes(freeSpace: true, compositionShift: settings?["MovSettings"]?["CslgAtom"]?.stringValue != "EXCLUDE"))
    }

    /// CODING_MODE_1_0 → mono; everything else → stereo.
    public static func channels(_ codingMode: String?) -> Int { codingMode == "CODING_MODE_1_0" ? 1 : 2 }
}
