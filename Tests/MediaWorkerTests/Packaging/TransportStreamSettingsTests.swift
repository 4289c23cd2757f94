import Foundation
import MediaWorkerJobs
import Testing

/// `M3u8Settings` on the HLS TS segments, read back with ffprobe (program and PIDs) and by
/// counting the PAT packets (PID 0) in each segment's 188-byte packets.
@Suite("HLS M3u8Settings: PMT, video and audio PIDs, program number and PAT interval in every TS segment")
struct TransportStreamSettingsTests {
    static func template(_ m3u8: String) throws -> JobTemplate {
        let text = """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}}}],
             "OutputGroups": [{"Name": "hls", "OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"Destination": "{{DESTINATION}}", "SegmentLength": 2}},
              "Outputs": [{"NameModifier": "_180p", "ContainerSettings": {"Container": "M3U8", "M3u8Settings": {\(m3u8)}},
                "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "ts-settings.json")
    }

    /// The TS segments of the 180p variant, with how many PAT packets each holds.
    static func segments(_ m3u8: String) async throws -> (root: String, files: [String], pats: [Int]) {
        let template = try Self.template(m3u8)
        #expect(!template.localWarnings.contains { $0.path.contains("M3u8Settings") }, "\(template.localWarnings)")
        let (root, _) = try await HLSPackageTests.package(template, file: try await HLSPackageTests.source())
        let files = try HLSPackageTests.files(root).filter { $0.hasSuffix(".ts") }
        let pats = try files.map { file -> Int in
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + file))
            #expect(data.count % 188 == 0 && data.first == 0x47, "\(file) is not 188-byte TS packets")
            var count = 0
            for offset in stride(from: 0, to: data.count - 187, by: 188) {
                let pid = Int(data[offset + 1] & 0x1f) << 8 | Int(data[offset + 2])
                if data[offset] == 0x47, pid == 0 { count += 1 }
            }
            return count
        }
        return (root, files, pats)
    }

    @Test("PmtPid 480, VideoPid 481, AudioPids [482], ProgramNumber 7; PatInterval 0: one PAT, at each segment's start")
    func pids() async throws {
        let (root, files, pats) = try await Self.segments(
            #""PmtPid": 480, "VideoPid": 481, "AudioPids": [482, 483], "ProgramNumber": 7, "PatInterval": 0, "PmtInterval": 0, "Scte35Source": "NONE", "Scte35Pid": 500"#)
        #expect(files.count >= 2, "\(files)")
        #expect(pats.allSatisfy { $0 == 1 }, "PAT packets per segment: \(pats)")
        for file in files {
            let probe = try await ProcessRunner.run(
                "/usr/bin/ffprobe", ["-v", "error", "-show_entries", "program=program_num,pmt_pid:stream=id,codec_type", "-of", "json", root + "/" + file])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])
            let program = try #require((json["programs"] as? [[String: Any]])?.first, "\(probe.stdout)")
            #expect(program["program_num"] as? Int == 7 && program["pmt_pid"] as? Int == 480, "\(file): \(program)")
            let streams = (program["streams"] as? [[String: Any]] ?? []).map { "\($0["codec_type"] ?? "")=\($0["id"] ?? "")" }.sorted()
            #expect(streams == ["audio=0x1e2", "video=0x1e1"], "\(file): \(streams)")
        }
    }

    @Test("no M3u8Settings: MediaConvert's defaults (PMT 480, video 481, audio 482, program 1, one PAT a segment)")
    func defaults() async throws {
        let (root, files, pats) = try await Self.segments("")
        #expect(files.count >= 2 && pats.allSatisfy { $0 == 1 }, "PAT packets per segment: \(pats)")
        let probe = try await ProcessRunner.run(
            "/usr/bin/ffprobe", ["-v", "error", "-show_entries", "program=program_num,pmt_pid:stream=id", "-of", "csv=p=0", root + "/" + files[0]])
        #expect(probe.stdout.contains("1,480") && probe.stdout.contains("0x1e1") && probe.stdout.contains("0x1e2"), "\(probe.stdout)")
    }

    @Test("PatInterval 100 ms: PAT and PMT repeated through each 2 s segment")
    func patInterval() async throws {
        let (_, files, pats) = try await Self.segments(#""PatInterval": 100, "PmtInterval": 100"#)
        #expect(files.count >= 2 && pats.dropLast().allSatisfy { $0 >= 10 }, "PAT packets per segment: \(pats)")
    }

    @Test("what the TS muxer cannot follow is named: a PMT interval other than the PAT's, an audio PID not after the video's")
    func warnings() throws {
        let template = try Self.template(#""PatInterval": 0, "PmtInterval": 100, "VideoPid": 481, "AudioPids": [490]"#)
        let messages = template.localWarnings.map(\.description).joined(separator: "\n")
        #expect(messages.contains("M3u8Settings.PmtInterval: 100 ms: the local engine writes the PMT with every PAT"), "\(messages)")
        #expect(messages.contains("M3u8Settings.AudioPids: 490: the local engine numbers the audio PID after the video's (482)"), "\(messages)")
    }

    /// Per segment: the PAT's transport_stream_id, and of the video PID's packets that start a
    /// PES, how many carry a PCR (adaptation field flag 0x10).
    static func pcrAndStreamIDs(_ root: String, _ files: [String], videoPID: Int = 481) throws -> [(tsid: Int, pesStarts: Int, withPCR: Int)] {
        try files.map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + file))
            var tsid = -1, starts = 0, pcrs = 0
            for offset in stride(from: 0, to: data.count - 187, by: 188) {
                let start = data[offset + 1] & 0x40 != 0
                let pid = Int(data[offset + 1] & 0x1f) << 8 | Int(data[offset + 2])
                let hasAdaptation = data[offset + 3] & 0x20 != 0
                let payload = offset + 4 + (hasAdaptation ? 1 + Int(data[offset + 4]) : 0)
                if pid == 0, start, tsid < 0 {
                    // pointer field, table_id, section_length (2), transport_stream_id (2)
                    let section = payload + 1 + Int(data[payload])
                    tsid = Int(data[section + 3]) << 8 | Int(data[section + 4])
                }
                if pid == videoPID, start {
                    starts += 1
                    if hasAdaptation, data[offset + 4] > 0, data[offset + 5] & 0x10 != 0 { pcrs += 1 }
                }
            }
            return (tsid, starts, pcrs)
        }
    }

    @Test("TransportStreamId in every PAT; PcrControl PCR_EVERY_PES_PACKET: a PCR in every video PES; CONFIGURED_PCR_PERIOD 500 ms: far fewer")
    func pcrControl() async throws {
        let every = try await Self.segments(#""TransportStreamId": 37, "PcrControl": "PCR_EVERY_PES_PACKET""#)
        let everyCounts = try Self.pcrAndStreamIDs(every.root, every.files)
        #expect(!everyCounts.isEmpty && everyCounts.allSatisfy { $0.tsid == 37 }, "\(everyCounts)")
        #expect(everyCounts.allSatisfy { $0.pesStarts >= 25 && $0.withPCR == $0.pesStarts }, "\(everyCounts)")
        let configured = try await Self.segments(#""PcrControl": "CONFIGURED_PCR_PERIOD", "PcrPeriod": 500"#)
        let configuredCounts = try Self.pcrAndStreamIDs(configured.root, configured.files)
        // 25 fps in 2 s segments: 50 PES each; a PCR at most every 500 ms, plus one at each keyframe.
        #expect(configuredCounts.allSatisfy { $0.tsid == 1 && $0.pesStarts >= 25 && $0.withPCR <= $0.pesStarts / 4 }, "\(configuredCounts)")
        #expect(try !Self.template(#""TransportStreamId": 37, "PcrControl": "PCR_EVERY_PES_PACKET""#).localWarnings.contains { $0.path.contains("M3u8Settings") })
    }

    @Test("ID3 timestamps (TimedMetadataId3Frame, TimedMetadataId3Period) are inert without TimedMetadata PASSTHROUGH: equivalent, not warned; with it, warned")
    func id3Timestamps() throws {
        func template(_ timedMetadata: String) throws -> JobTemplate {
            let text = """
                {"OutputGroups": [{"Name": "hls", "OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"Destination": "{{DESTINATION}}", "SegmentLength": 2, "TimedMetadataId3Frame": "PRIV", "TimedMetadataId3Period": 10}},
                  "Outputs": [{"NameModifier": "_180p", "ContainerSettings": {"Container": "M3U8", "M3u8Settings": {"TimedMetadata": "\(timedMetadata)"}},
                    "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}}}]}]}
                """
            return try JobTemplate.parse(Array(text.utf8), name: "id3.json")
        }
        let inert = try template("NONE")
        #expect(!inert.localWarnings.contains { $0.path.contains("TimedMetadata") }, "\(inert.localWarnings)")
        #expect(inert.localMembers.equivalent.contains { $0.hasSuffix("HlsGroupSettings.TimedMetadataId3Frame") })
        let passed = try template("PASSTHROUGH")
        let warned = passed.localWarnings.map(\.path)
        #expect(warned.contains { $0.hasSuffix("TimedMetadataId3Frame") } && warned.contains { $0.hasSuffix("M3u8Settings.TimedMetadata") }, "\(warned)")
    }
}
