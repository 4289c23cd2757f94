import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

@Suite("Templates on the local engine: H264Settings and AacSettings mapped to libx264 and AAC, HLS through libavformat")
struct LocalTemplateTests {
    /// A one-output template with the given H264Settings and AacSettings members.
    static func template(h264: String, aac: String, width: Int = 640, height: Int = 360, container: String = "MP4") throws -> JobTemplate {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_test", "ContainerSettings": {"Container": "\(container)"},
                "VideoDescription": {"Width": \(width), "Height": \(height), "CodecSettings": {"Codec": "H_264", "H264Settings": {\(h264)}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {\(aac)}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "test.json")
    }

    /// Plans and runs `template` on a corpus file; returns the rendition's path.
    static func run(_ template: JobTemplate, source name: String = "three_seconds.mp4", preset: String = "ultrafast") async throws -> String {
        try await run(template, file: try await MediaCorpus.shared.path(name), preset: preset)
    }

    /// The first rendition of `template` run on `file` (uploaded as `inputs/<its name>`).
    static func run(_ template: JobTemplate, file: String, preset: String = "ultrafast") async throws -> String {
        let (root, result) = try await LocalJobRunner.run(template, file: file, preset: preset)
        let output = try #require(result.first { $0.role == .rendition })
        return (root as NSString).appendingPathComponent(output.path)
    }

    static func keyframeTimes(_ path: String) async throws -> [Double] {
        let result = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path])
        return result.stdout.split(separator: "\n").compactMap { line -> Double? in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, fields[1].contains("K") else { return nil }
            return Double(fields[0])
        }.sorted()
    }

    @Test("CBR, GOP in frames, MAIN profile, level 3.1, a specified frame rate, mono 44.1 kHz AAC")
    func mapping() async throws {
        let template = try Self.template(
            h264: #""RateControlMode": "CBR", "Bitrate": 600000, "GopSize": 15, "GopSizeUnits": "FRAMES", "CodecProfile": "MAIN", "CodecLevel": "LEVEL_3_1", "FramerateControl": "SPECIFIED", "FramerateNumerator": 25, "FramerateDenominator": 1"#,
            aac: #""Bitrate": 64000, "SampleRate": 44100, "CodingMode": "CODING_MODE_1_0""#)
        #expect(template.localWarnings.isEmpty, "\(template.localWarnings)")
        // veryfast: x264 reports the lowest profile the stream needs, and ultrafast needs only baseline.
        let path = try await Self.run(template, preset: "veryfast")
        let streams = try await FFmpegTools.streams(path)
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(video["profile"] as? String == "Main")
        #expect(video["level"] as? Int == 31)
        #expect(video["r_frame_rate"] as? String == "25/1")
        #expect(video["width"] as? Int == 640 && video["height"] as? Int == 360)
        #expect(audio["channels"] as? Int == 1)
        #expect(audio["sample_rate"] as? String == "44100")
        let keyframes = try await Self.keyframeTimes(path)
        #expect(keyframes.count >= 5, "\(keyframes)")
        let gaps = zip(keyframes.dropFirst(), keyframes).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 <= 15.0 / 25 + 0.001 }, "a keyframe at least every 15 frames: \(keyframes)")
        let bitrate = Double(video["bit_rate"] as? String ?? "0") ?? 0
        #expect(bitrate > 300_000 && bitrate < 900_000, "CBR 600 kb/s gave \(bitrate)")
    }

    @Test("QVBR: a higher quality level spends more bits, MaxBitrate caps them")
    func qvbr() async throws {
        func size(_ level: Int, max: Int) async throws -> Double {
            let template = try Self.template(
                h264: #""RateControlMode": "QVBR", "MaxBitrate": \#(max), "HrdBufferSize": \#(max / 2), "QvbrSettings": {"QvbrQualityLevel": \#(level)}, "GopSize": 2, "GopSizeUnits": "SECONDS""#,
                aac: #""Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0""#)
            let path = try await Self.run(template)
            let video = try #require(try await FFmpegTools.streams(path).first { $0["codec_type"] as? String == "video" })
            return Double(video["bit_rate"] as? String ?? "0") ?? 0
        }
        let low = try await size(3, max: 20_000_000)
        let high = try await size(9, max: 20_000_000)
        let capped = try await size(9, max: 300_000)
        #expect(high > low * 1.5, "level 9 \(high) vs level 3 \(low)")
        // VBV lets the average exceed maxrate by at most one buffer over the clip (3 s).
        #expect(high > 1_000_000, "uncapped level 9 spends well above the cap: \(high)")
        #expect(capped < (300_000 + 150_000 / 3) * 1.1, "MaxBitrate 300 kb/s with a 150 kbit buffer gave \(capped)")
        #expect(VideoEncoding.crf(forQualityLevel: 7) == 23)
        #expect(VideoEncoding.crf(forQualityLevel: 10) == 17)
    }

    @Test("hls.json through `process`: variant playlists with segments of SegmentLength, a multivariant playlist, metadata")
    func hls() async throws {
        let input = try await MediaCorpus.shared.path("h264_aac.mp4")
        let folder = try TestTools.temporaryDirectory("mw-hls")
        let template = Fixtures.repositoryRoot.appendingPathComponent("job-templates/hls.json").path
        let binary = try TestTools.mediaWorker()
        let result = try await blocking {
            try ProcessRunner.runBlocking(binary, ["process", input, "--output-dir", folder.path, "--key", "inputs/show/clip.mp4", "--template", template])
        }
        #expect(result.status == 0, "\(result.stderr)")
        let directory = folder.appendingPathComponent("audiovideo/show")
        let master = try String(contentsOf: directory.appendingPathComponent("clip.m3u8"), encoding: .utf8)
        #expect(master.contains("RESOLUTION=1280x720") && master.contains("RESOLUTION=854x480") && master.contains("RESOLUTION=640x360"), "\(master)")
        #expect(!master.contains("1920x1080"), "the source is 720p")
        #expect(master.contains("CODECS=\"avc1.64") && master.contains("mp4a.40.2"))
        for variant in ["clip_720p.m3u8", "clip_480p.m3u8", "clip_360p.m3u8"] {
            #expect(master.contains("\n\(variant)\n"))
            let playlist = try String(contentsOf: directory.appendingPathComponent(variant), encoding: .utf8)
            let durations = playlist.split(separator: "\n").filter { $0.hasPrefix("#EXTINF:") }.compactMap { Double($0.dropFirst(8).split(separator: ",")[0]) }
            #expect(durations.count == 2, "10 s in 6 s segments: \(playlist)")
            #expect(durations.first.map { abs($0 - 6) < 0.1 } == true, "\(durations)")
            #expect(playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD") && playlist.contains("#EXT-X-ENDLIST"))
            let streams = try await FFmpegTools.streams(directory.appendingPathComponent(variant).path)
            #expect(Set(streams.compactMap { $0["codec_name"] as? String }) == ["h264", "aac"])
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no staging left: \(leftovers)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("json/show/clip.json"))) as? [String: Any])
        #expect(json["status"] as? String == "COMPLETE")
        let job = try #require(json["job"] as? [String: Any])
        #expect(job["backend"] as? String == "local" && job["template"] as? String == "hls.json")
        #expect((json["outputs"] as? [[String: Any]])?.contains { $0["role"] as? String == "playlist" } == true)
    }

    @Test("members the local engine does not run are named when the template is used")
    func warnings() async throws {
        let template = try Self.template(
            h264: #""RateControlMode": "VBR", "Bitrate": 500000, "SceneChangeDetect": "TRANSITION_DETECTION""#,
            aac: #""Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_5_1""#, container: "MP4")
        let messages = template.localWarnings.map(\.description)
        #expect(messages.contains { $0.contains("H264Settings.SceneChangeDetect: TRANSITION_DETECTION is run as the encoder's scene-cut detection by the local engine, without fade detection") }, "\(messages)")
        #expect(messages.contains { $0.contains("CODING_MODE_5_1 is encoded as stereo") }, "\(messages)")
    }

    @Test("a WEBVTT captions output with its LanguageCode is run in an HLS group (the WebVTT rendition), not in a file group")
    func captionsOutputs() throws {
        func warnings(_ type: String, _ settings: String) throws -> [String] {
            let text = """
                {"Inputs": [{"CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "SRT", "FileSourceSettings": {"SourceFile": "captions.srt"}}}}}],
                 "OutputGroups": [{"OutputGroupSettings": {"Type": "\(type)", \(settings)},
                  "Outputs": [{"NameModifier": "_video", "ContainerSettings": {"Container": "\(type == "HLS_GROUP_SETTINGS" ? "M3U8" : "MP4")"},
                    "VideoDescription": {"CodecSettings": {"Codec": "H_264", "H264Settings": {"Bitrate": 500000}}}},
                   {"NameModifier": "_vtt", "CaptionDescriptions": [{"CaptionSelectorName": "Captions Selector 1", "LanguageCode": "ENG",
                     "DestinationSettings": {"DestinationType": "WEBVTT", "WebvttDestinationSettings": {}}}]}]}]}
                """
            return try JobTemplate.parse(Array(text.utf8), name: "captions.json").localWarnings.map(\.description).filter { $0.contains("CaptionDescriptions") }
        }
        let hls = try warnings("HLS_GROUP_SETTINGS", #""HlsGroupSettings": {"SegmentLength": 6, "MinSegmentLength": 0}"#)
        #expect(hls.isEmpty, "\(hls)")
        let file = try warnings("FILE_GROUP_SETTINGS", #""FileGroupSettings": {}"#)
        #expect(file.contains { $0.contains("DestinationSettings.DestinationType") }, "\(file)")
        #expect(file.contains { $0.contains("CaptionDescriptions[0].LanguageCode") }, "\(file)")
        // 608 captions embedded in an HLS video output are not written locally: their LanguageCode is warned too.
        let embedded = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"SegmentLength": 6, "MinSegmentLength": 0}},
              "Outputs": [{"NameModifier": "_video", "ContainerSettings": {"Container": "M3U8"},
                "VideoDescription": {"CodecSettings": {"Codec": "H_264", "H264Settings": {"Bitrate": 500000}}},
                "CaptionDescriptions": [{"CaptionSelectorName": "Captions Selector 1", "LanguageCode": "ENG", "DestinationSettings": {"DestinationType": "EMBEDDED"}}]}]}]}
            """
        let inVideo = try JobTemplate.parse(Array(embedded.utf8), name: "embedded.json").localWarnings.map(\.description)
        #expect(inVideo.contains { $0.contains("CaptionDescriptions[0].LanguageCode") }, "\(inVideo)")
    }
}
