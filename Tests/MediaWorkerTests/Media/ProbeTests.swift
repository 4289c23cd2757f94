import Foundation
import MediaWorkerMedia
import Testing

@Suite("Probe against ffprobe")
struct ProbeTests {
    static let files = MediaCorpus.videoFiles + MediaCorpus.audioFiles

    @Test("every field matches ffprobe", arguments: files)
    func matchesFFprobe(_ name: String) async throws {
        let path = try await MediaCorpus.shared.path(name)
        let ours = try await blocking { try MediaProber().probe(.file(path)) }
        let reference = try await FFmpegTools.probe(path)
        let format = try #require(reference["format"] as? [String: Any])
        #expect(ours.container.format == format["format_name"] as? String)
        #expect(ours.container.formatLongName == format["format_long_name"] as? String)
        expectClose(ours.container.duration, format["duration"], "container duration")
        expectClose(ours.container.startTime, format["start_time"], "container start")
        #expect(ours.container.bitRate == int(format["bit_rate"]), "container bit rate")
        #expect(ours.container.streamCount == format["nb_streams"] as? Int)
        #expect(ours.container.tags == (format["tags"] as? [String: String] ?? [:]))
        let streams = reference["streams"] as? [[String: Any]] ?? []
        for stream in streams {
            let index = try #require(stream["index"] as? Int)
            switch stream["codec_type"] as? String {
            case "video": try compareVideo(try #require(ours.video.first { $0.index == index }), stream)
            case "audio": try compareAudio(try #require(ours.audio.first { $0.index == index }), stream)
            case "subtitle": #expect(ours.subtitles.contains { $0.index == index && $0.codec == stream["codec_name"] as? String })
            default: #expect(ours.data.contains { $0.index == index })
            }
        }
        #expect(ours.video.count + ours.audio.count + ours.subtitles.count + ours.data.count == streams.count)
        #expect(ours.kind == (MediaCorpus.audioFiles.contains(name) ? .audio : .video))
    }

    private func compareVideo(_ ours: VideoStreamInfo, _ reference: [String: Any]) throws {
        let label = "video \(ours.index)"
        #expect(ours.codec == reference["codec_name"] as? String, "\(label) codec")
        #expect(ours.codecLongName == reference["codec_long_name"] as? String)
        if let profile = reference["profile"] as? String, profile != "unknown" { #expect(ours.profile == profile, "\(label) profile") }
        #expect((ours.level ?? -99) == (reference["level"] as? Int ?? -99), "\(label) level")
        #expect(ours.width == reference["width"] as? Int && ours.height == reference["height"] as? Int, "\(label) size")
        #expect(ours.sampleAspectRatio == reference["sample_aspect_ratio"] as? String, "\(label) SAR")
        #expect(ours.displayAspectRatio == reference["display_aspect_ratio"] as? String, "\(label) DAR")
        #expect((ours.avgFrameRate ?? "0/0") == reference["avg_frame_rate"] as? String, "\(label) avg_frame_rate")
        #expect((ours.realFrameRate ?? "0/0") == reference["r_frame_rate"] as? String, "\(label) r_frame_rate")
        #expect(ours.frameCount == int(reference["nb_frames"]), "\(label) nb_frames")
        #expect(ours.pixelFormat == reference["pix_fmt"] as? String, "\(label) pix_fmt")
        if let bits = int(reference["bits_per_raw_sample"]) { #expect(ours.bitDepth == Int(bits), "\(label) bit depth") }
        #expect(ours.colorRange == reference["color_range"] as? String, "\(label) color_range")
        #expect(ours.colorSpace == reference["color_space"] as? String, "\(label) color_space")
        #expect(ours.colorTransfer == reference["color_transfer"] as? String, "\(label) color_transfer")
        #expect(ours.colorPrimaries == reference["color_primaries"] as? String, "\(label) color_primaries")
        #expect(ours.fieldOrder == reference["field_order"] as? String, "\(label) field_order")
        #expect(ours.bitRate == int(reference["bit_rate"]), "\(label) bit_rate")
        expectClose(ours.duration, reference["duration"], "\(label) duration")
        let sideData = reference["side_data_list"] as? [[String: Any]] ?? []
        let rotation = sideData.compactMap { $0["rotation"] as? Int }.first ?? 0
        #expect(ours.rotation == ((-rotation % 360) + 360) % 360, "\(label) rotation")
        #expect(ours.tags == (reference["tags"] as? [String: String] ?? [:]), "\(label) tags")
    }

    private func compareAudio(_ ours: AudioStreamInfo, _ reference: [String: Any]) throws {
        let label = "audio \(ours.index)"
        #expect(ours.codec == reference["codec_name"] as? String, "\(label) codec")
        if let profile = reference["profile"] as? String, profile != "unknown" { #expect(ours.profile == profile, "\(label) profile") }
        #expect(ours.channels == reference["channels"] as? Int, "\(label) channels")
        #expect(ours.channelLayout == reference["channel_layout"] as? String, "\(label) layout")
        #expect(ours.sampleRate == int(reference["sample_rate"]).map(Int.init), "\(label) sample rate")
        #expect(ours.sampleFormat == reference["sample_fmt"] as? String, "\(label) sample format")
        #expect(ours.bitRate == int(reference["bit_rate"]), "\(label) bit_rate")
        #expect(ours.language == (reference["tags"] as? [String: String])?["language"], "\(label) language")
        expectClose(ours.duration, reference["duration"], "\(label) duration")
    }

    private func int(_ value: Any?) -> Int64? {
        if let text = value as? String { return Int64(text) }
        if let number = value as? Int { return Int64(number) }
        return nil
    }

    private func expectClose(_ ours: Double?, _ reference: Any?, _ label: String) {
        let expected = (reference as? String).flatMap(Double.init)
        if let expected, let ours {
            #expect(abs(ours - expected) < 0.000_001 + expected * 1e-9, "\(label): \(ours) vs ffprobe \(expected)")
        } else {
            #expect(ours == nil && expected == nil, "\(label): \(String(describing: ours)) vs ffprobe \(String(describing: expected))")
        }
    }

    @Test("the probe JSON of every corpus file validates against schemas/media-probe.v1.schema.json")
    func schema() async throws {
        let folder = try TestTools.temporaryDirectory("mw-probe-json")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var documents: [String] = []
        for name in Self.files {
            let corpusPath1 = try await MediaCorpus.shared.path(name)
            let metadata = try await blocking { try MediaProber().probe(.file(corpusPath1)) }
            let url = folder.appendingPathComponent("\(name).json")
            try encoder.encode(metadata).write(to: url)
            documents.append(url.path)
        }
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/media-probe.v1.schema.json").path
        let python = try TestTools.python()
        let arguments = [TestTools.helper("validate_schema.py"), schema] + documents
        let result = try await blocking { try ProcessRunner.runBlocking(python, arguments) }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(documents.count) of \(documents.count) valid"))
    }

    @Test("a rotated phone clip reports its turn and a portrait display size")
    func rotation() async throws {
        let corpusPath2 = try await MediaCorpus.shared.path("portrait_rotate90.mp4")
        let metadata = try await blocking { try MediaProber().probe(.file(corpusPath2)) }
        let video = try #require(metadata.primaryVideo)
        // Debian's ffmpeg stores rotate=90 as a display matrix of +90° (counter-clockwise,
        // ffprobe's "rotation": 90); players, and ffmpeg's autorotate, turn it 270° clockwise.
        #expect(video.rotation == 270)
        #expect(video.displayWidth == 720 && video.displayHeight == 1280)
    }

    @Test("an interlaced clip reports its field order, an anamorphic one its display size")
    func interlacedAndAnamorphic() async throws {
        let corpusPath3 = try await MediaCorpus.shared.path("interlaced_576i.mp4")
        let interlaced = try await blocking { try MediaProber().probe(.file(corpusPath3)) }
        #expect(interlaced.primaryVideo?.interlaced == true)
        let corpusPath4 = try await MediaCorpus.shared.path("anamorphic_720x576.mp4")
        let anamorphic = try await blocking { try MediaProber().probe(.file(corpusPath4)) }
        #expect(anamorphic.primaryVideo?.sampleAspectRatio == "16:15")
        #expect(anamorphic.primaryVideo?.displayWidth == 768)
    }
}
