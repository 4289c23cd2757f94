import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// HLS groups packaged the way MediaConvert writes them, checked by Tests/Helpers/check_package.py
/// (PyPI's m3u8 and pymp4, ffprobe and ffmpeg, the RFC 8216 rules).
@Suite("HLS packages: TS and fMP4 segments, single files, subfolders, audio groups, WebVTT, AES-128")
struct HLSPackageTests {
    static let key = "00112233445566778899aabbccddeeff"
    static let srt = "1\n00:00:00,500 --> 00:00:01,750\nHello there\n\n2\n00:00:02,000 --> 00:00:03,250\nSecond <i>line</i>\n"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var group: String
        var container = "M3U8"
        var alternateAudio = true
        var captions = true
        var iFrames = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "TS, subfolder per stream, integer durations, program date time", group: #""SegmentLength": 2, "DirectoryStructure": "SUBDIRECTORY_PER_STREAM", "ManifestDurationFormat": "INTEGER", "ProgramDateTime": "INCLUDE", "ProgramDateTimePeriod": 2"#, iFrames: true),
        Case(name: "fMP4 (CMFC) in one file with byte ranges", group: #""SegmentLength": 2, "SegmentControl": "SINGLE_FILE", "ManifestDurationFormat": "FLOATING_POINT""#, container: "CMFC"),
        Case(name: "fMP4 segmented, muxed audio, an additional manifest", group: #""SegmentLength": 2, "AdditionalManifests": [{"ManifestNameModifier": "_small", "SelectedOutputs": ["_144p"]}]"#, container: "CMFC", alternateAudio: false, captions: false),
        Case(name: "TS with AES-128 from a StaticKeyProvider", group: #""SegmentLength": 2, "Encryption": {"EncryptionMethod": "AES128", "Type": "STATIC_KEY", "ConstantInitializationVector": "000102030405060708090a0b0c0d0e0f", "StaticKeyProvider": {"StaticKeyValue": "\#(key)", "Url": "https://keys.example.com/clip.key"}}"#, alternateAudio: false),
        Case(name: "TS with AES-128, the IV following the segment number, written per segment", group: #""SegmentLength": 2, "Encryption": {"EncryptionMethod": "AES128", "Type": "STATIC_KEY", "StaticKeyProvider": {"StaticKeyValue": "\#(key)", "Url": "https://keys.example.com/clip.key"}}"#, alternateAudio: false, captions: false),
        Case(name: "TS with AES-128, the IV following the segment number, left out (InitializationVectorInManifest EXCLUDE)", group: #""SegmentLength": 2, "Encryption": {"EncryptionMethod": "AES128", "Type": "STATIC_KEY", "InitializationVectorInManifest": "EXCLUDE", "StaticKeyProvider": {"StaticKeyValue": "\#(key)", "Url": "https://keys.example.com/clip.key"}}"#, alternateAudio: false, captions: false),
    ]

    static func template(_ test: Case) throws -> JobTemplate {
        try JobTemplate.parse(Array(templateText(test).utf8), name: "hls-package.json")
    }

    /// The template of `test`; with captions, its caption selector reads `captions` (for a
    /// worker, an object that exists: the worker fetches it, and fails the job without it, as
    /// MediaConvert does).
    static func templateText(_ test: Case, captions: String = "s3://bucket/inputs/clip.srt") -> String {
        let h264 = #""CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}"#
        let aac = #"[{"AudioSourceName": "Audio Selector 1", "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]"#
        var outputs: [String] = []
        for (modifier, width, height) in [("_180p", 320, 180), ("_144p", 256, 144)] {
            let audio = test.alternateAudio ? "" : #", "AudioDescriptions": \#(aac)"#
            var hls: [String] = []
            if test.alternateAudio { hls.append(#""AudioRenditionSets": "aud""#) }
            if test.iFrames { hls.append(#""IFrameOnlyManifest": "INCLUDE""#) }
            let sets = hls.isEmpty ? "" : #", "OutputSettings": {"HlsSettings": {\#(hls.joined(separator: ", "))}}"#
            outputs.append(#"{"NameModifier": "\#(modifier)", "ContainerSettings": {"Container": "\#(test.container)"}, "VideoDescription": {"Width": \#(width), "Height": \#(height), \#(h264)}\#(audio)\#(sets)}"#)
        }
        if test.alternateAudio {
            outputs.append(#"{"NameModifier": "_audio", "ContainerSettings": {"Container": "\#(test.container)"}, "AudioDescriptions": \#(aac), "OutputSettings": {"HlsSettings": {"AudioGroupId": "aud", "AudioTrackType": "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT"}}}"#)
        }
        if test.captions {
            outputs.append(#"{"NameModifier": "_en", "ContainerSettings": {"Container": "M3U8"}, "CaptionDescriptions": [{"CaptionSelectorName": "Captions Selector 1", "LanguageCode": "ENG", "DestinationSettings": {"DestinationType": "WEBVTT"}}]}"#)
        }
        // The caption selector only where an output uses it (a worker fetches its sidecar).
        let selectors = test.captions
            ? #", "CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "SRT", "FileSourceSettings": {"SourceFile": "\#(captions)"}}}}"#
            : ""
        return """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}}\(selectors)}],
             "OutputGroups": [{"Name": "Apple HLS", "OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"Destination": "{{DESTINATION}}", \(test.group)}},
              "Outputs": [\(outputs.joined(separator: ","))]}]}
            """
    }

    /// A 320×180 source of `seconds` (4 by default) with a tone, and the SRT beside it.
    static func source(seconds: Int = 4) async throws -> String {
        let folder = try TestTools.temporaryDirectory("mw-hls-source")
        let file = folder.appendingPathComponent("clip.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=\(seconds)", "-f", "lavfi", "-i", "sine=frequency=440:duration=\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file,
        ])
        try Data(srt.utf8).write(to: folder.appendingPathComponent("clip.srt"))
        return file
    }

    /// A local run of `template` on `file` (uploaded as `inputs/clip.mp4`), on its own thread:
    /// the output root and what was written under it.
    static func package(_ template: JobTemplate, file: String) async throws -> (root: String, outputs: [LocalJobOutput]) {
        let root = try TestTools.temporaryDirectory("mw-hls-package").path
        let outputs = try await blocking { () throws -> [LocalJobOutput] in
            let metadata = try MediaProber().probe(.file(file))
            let job = try JobPlanner(submission: JobSubmission(role: "local")).plan(
                template: template, metadata: metadata, source: JobSource(bucket: "local", key: "inputs/clip.mp4", etag: ""),
                destination: DeliveryLayout(key: "inputs/clip.mp4").jobDestination(bucket: "local"))
            return try LocalJobExecutor(ladder: LadderOptions(preset: "ultrafast")).execute(job, template: template, file: file, outputRoot: root).outputs
        }
        return (root, outputs)
    }

    /// Runs the independent checker; returns its summary.
    static func check(root: String, master: String, key: String? = nil, srt: String? = nil) async throws -> [String: Any] {
        var arguments = [Fixtures.repositoryRoot.appendingPathComponent("Tests/Helpers/check_package.py").path, root, master]
        if let key { arguments += ["--key", key] }
        if let srt { arguments += ["--srt", srt] }
        let python = try TestTools.python()
        let command = arguments
        let result = try await blocking { try ProcessRunner.runBlocking(python, command) }
        let summary = try #require((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any], "\(result.stdout) \(result.stderr)")
        #expect(result.status == 0, "\(summary["errors"] ?? result.stderr)")
        return summary
    }

    @Test("a constant IV left out of the manifest is refused: players would decrypt with the segment number")
    func constantIVExcluded() async throws {
        let file = try await Self.source()
        let template = try Self.template(Case(name: "refused", group: #""SegmentLength": 2, "Encryption": {"EncryptionMethod": "AES128", "Type": "STATIC_KEY", "InitializationVectorInManifest": "EXCLUDE", "ConstantInitializationVector": "000102030405060708090a0b0c0d0e0f", "StaticKeyProvider": {"StaticKeyValue": "\#(Self.key)", "Url": "https://keys.example.com/clip.key"}}"#, alternateAudio: false, captions: false))
        await #expect { _ = try await Self.package(template, file: file) } throws: { error in
            "\(error)".contains("ConstantInitializationVector") && "\(error)".contains("EXCLUDE") && "\(error)".contains("remove the constant IV")
        }
    }

    @Test("every playlist parses, every URI resolves, every rendition decodes, the RFC 8216 rules hold", arguments: cases)
    func package(_ test: Case) async throws {
        let file = try await Self.source()
        let template = try Self.template(test)
        let (root, outputs) = try await Self.package(template, file: file)
        let master = "audiovideo/clip.m3u8"
        let srt = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("clip.srt")
        let summary = try await Self.check(root: root, master: master, key: test.group.contains("Encryption") ? Self.key : nil, srt: test.captions ? srt : nil)
        let rules = try #require(summary["rules"] as? [String: Int])
        #expect(rules["decodes-to-end"] == (test.alternateAudio ? 3 : 2), "\(rules)")
        #expect(rules["codecs-equal-ffprobe"] == 2 && rules["bandwidth-covers-peak"] == 2, "\(rules)")
        if test.captions { #expect(rules["webvtt-cues-equal-srt"] == 1 && rules["webvtt-timestamp-map"] ?? 0 >= 2, "\(rules)") }
        if test.container == "CMFC" { #expect(rules["fmp4-tfdt-continuous"] ?? 0 > 0 || test.group.contains("SINGLE_FILE") == false || rules["fmp4-moof-mdat"] ?? 0 > 0, "\(rules)") }
        if test.group.contains("Encryption") {
            #expect(rules["aes-clear-equals-decrypted"] == 2, "\(rules)")
            // The IV as the template asks: constant once, the segment number per segment, or none.
            let playlist = try String(contentsOfFile: root + "/audiovideo/clip_180p.m3u8", encoding: .utf8)
            let keys = playlist.split(separator: "\n").filter { $0.hasPrefix("#EXT-X-KEY:") }
            let segments = playlist.split(separator: "\n").filter { $0.hasSuffix(".ts") }
            if test.group.contains("ConstantInitializationVector") {
                #expect(keys == [#"#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/clip.key",IV=0x000102030405060708090A0B0C0D0E0F"#], "\(playlist)")
            } else if test.group.contains("EXCLUDE") {
                #expect(keys == [#"#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/clip.key""#], "\(playlist)")
            } else {
                #expect(segments.count >= 2 && keys.count == segments.count, "\(playlist)")
                #expect(keys.first?.hasSuffix("IV=0x00000000000000000000000000000001") == true && keys.last?.hasSuffix(String(format: "%032X", segments.count)) == true, "\(keys)")
            }
        }
        if test.group.contains("AdditionalManifests") {
            let small = try await Self.check(root: root, master: "audiovideo/clip_small.m3u8")
            let smallRules = try #require(small["rules"] as? [String: Int])
            #expect(smallRules["decodes-to-end"] == 1, "\(smallRules)")
            let text = try String(contentsOfFile: root + "/audiovideo/clip_small.m3u8", encoding: .utf8)
            #expect(text.contains("clip_144p.m3u8") && !text.contains("clip_180p.m3u8"), "\(text)")
        }
        if test.iFrames { #expect(rules["iframe-decodes-one-picture"] ?? 0 >= 4 && rules["iframe-bandwidth-covers-peak"] == 2, "\(rules)") }

        // MediaConvert's names, and the job record's count and bytes of each playlist's segments.
        let files = try Self.files(root)
        #expect(!files.contains { $0.contains("/.") || $0.hasPrefix(".") }, "no scratch left: \(files)")
        #expect(files.contains("audiovideo/clip_180p.m3u8") && files.contains("audiovideo/clip_144p.m3u8"), "\(files)")
        if test.group.contains("SUBDIRECTORY_PER_STREAM") {
            #expect(files.contains("audiovideo/180p/clip_180p_00001.ts") && files.contains("audiovideo/en/clip_en_00001.vtt"), "\(files)")
            let playlist = try String(contentsOfFile: root + "/audiovideo/clip_180p.m3u8", encoding: .utf8)
            #expect(playlist.contains("#EXTINF:2,\n180p/clip_180p_00001.ts") && playlist.contains("#EXT-X-PROGRAM-DATE-TIME:"), "\(playlist)")
        } else if test.group.contains("SINGLE_FILE") {
            #expect(files.contains("audiovideo/clip_180p.mp4"), "\(files)")
        } else if test.container == "CMFC" {
            #expect(files.contains("audiovideo/clip_180p_init.mp4") && files.contains("audiovideo/clip_180p_00001.mp4"), "\(files)")
        } else {
            #expect(files.contains("audiovideo/clip_180p_00001.ts"), "\(files)")
        }
        #expect(outputs.contains { $0.role == .playlist && $0.path == master })
        for output in outputs where output.role != .playlist {
            let referenced = try Self.referencedBytes(root: root, playlist: output.path)
            #expect(output.segments == referenced.count && output.segmentBytes == referenced.bytes, "\(output.path): \(output) vs \(referenced)")
        }
    }

    static func files(_ root: String) throws -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &directory) && !directory.boolValue
        }.sorted()
    }

    /// The media segments a playlist names and the bytes they (and its EXT-X-MAP) cover, read from the files.
    static func referencedBytes(root: String, playlist: String) throws -> (count: Int, bytes: Int64) {
        let folder = (root as NSString).appendingPathComponent((playlist as NSString).deletingLastPathComponent)
        let text = try String(contentsOfFile: (root as NSString).appendingPathComponent(playlist), encoding: .utf8)
        var count = 0
        var bytes: Int64 = 0
        var range: Int64?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#EXT-X-BYTERANGE:") {
                range = Int64(line.dropFirst(17).split(separator: "@")[0])
            } else if line.hasPrefix("#EXT-X-MAP:") {
                if let match = line.firstRange(of: "BYTERANGE=\"") {
                    bytes += Int64(line[match.upperBound...].split(separator: "@")[0]) ?? 0
                } else if let uri = line.split(separator: "\"").dropFirst().first {
                    bytes += (try FileManager.default.attributesOfItem(atPath: folder + "/" + uri)[.size] as? NSNumber)?.int64Value ?? 0
                }
            } else if !line.hasPrefix("#") {
                count += 1
                bytes += try range ?? ((FileManager.default.attributesOfItem(atPath: folder + "/" + line)[.size] as? NSNumber)?.int64Value ?? 0)
                range = nil
            }
        }
        return (count, bytes)
    }
}
