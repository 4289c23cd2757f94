import Foundation
import MediaWorkerJobs
import Testing

@Suite("Local classification: executed, equivalent by default, not executed")
struct LocalClassificationTests {
    static func warnings(_ video: String, input: String = "") throws -> [String] {
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}"\(input)}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_a", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 640, "Height": 360\(video), "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 1000000, "InterlaceMode": "PROGRESSIVE", "Telecine": "NONE"}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "c.json").localWarnings.map(\.path)
    }

    @Test("a value the engine does anyway is not warned; another value of the same member is")
    func equivalents() throws {
        let quiet = try Self.warnings(#", "AfdSignaling": "NONE", "ColorMetadata": "INSERT""#, input: #", "DeblockFilter": "DISABLED", "FilterStrength": 0"#)
        #expect(quiet.isEmpty, "\(quiet)")
        let loud = try Self.warnings(#", "AfdSignaling": "AUTO", "ColorMetadata": "IGNORE""#, input: #", "DeblockFilter": "ENABLED""#)
        #expect(loud.count == 3 && loud.contains { $0.hasSuffix("VideoDescription.AfdSignaling") } && loud.contains { $0.hasSuffix("VideoDescription.ColorMetadata") }
                && loud.contains { $0.hasSuffix("Inputs[0].DeblockFilter") }, "\(loud)")
    }

    /// Executed members, one equivalent by default (`AfdSignaling: NONE`), one not executed
    /// (`TimecodeInsertion: PIC_TIMING_SEI`: the engine writes no timecode SEI) and one out of scope (`Esam`).
    static let text = """
        {"Esam": {"SignalProcessingNotification": {"SccXml": "<xml/>"}},
         "Inputs": [{"FileInput": "{{INPUT_URL}}"}],
         "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
           "Outputs": [{"NameModifier": "_a", "ContainerSettings": {"Container": "MP4"},
             "VideoDescription": {"Width": 640, "Height": 360, "AfdSignaling": "NONE", "TimecodeInsertion": "PIC_TIMING_SEI",
               "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 1000000}}}}]}]}
        """

    @Test("members counted as executed, equivalent by default or not executed; the out-of-scope one says why")
    func classification() throws {
        let template = try JobTemplate.parse(Array(Self.text.utf8), name: "kinds.json")
        let members = template.localMembers
        #expect(members.executed.contains("OutputGroups[].Outputs[].VideoDescription.Width"), "\(members.executed)")
        #expect(members.executed.contains("OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.Bitrate"))
        #expect(members.equivalent == ["OutputGroups[].Outputs[].VideoDescription.AfdSignaling"], "\(members.equivalent)")
        let paths = members.notExecuted.map(\.path)
        #expect(paths == ["Esam.SignalProcessingNotification.SccXml", "OutputGroups[0].Outputs[0].VideoDescription.TimecodeInsertion"], "\(paths)")
        let esam = try #require(members.notExecuted.first)
        #expect(esam.message.contains("out of scope locally: Esam: ESAM/SCTE-35 ad signalling"), "\(esam.message)")
        #expect(members.notExecuted.last?.message.contains("out of scope") == false)
        #expect(members.notExecuted == template.localWarnings)
        #expect(members.summary == "\(members.executed.count) members executed, 1 equivalent by default, 2 not executed")
    }

    @Test("validate-templates --local prints the counts and only the members not executed, on standard output")
    func command() async throws {
        let folder = try TestTools.temporaryDirectory("mw-local-kinds")
        let file = folder.appendingPathComponent("kinds.json")
        try Data(Self.text.utf8).write(to: file)
        let binary = try TestTools.mediaWorker()
        let listed = try await ProcessRunner.run(binary, ["validate-templates", "--local", file.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(listed.stdout)")
        #expect(lines.contains { $0.hasPrefix("local kinds.json: ") && $0.hasSuffix(" executed, 1 equivalent by default, 2 not executed") }, "\(listed.stdout)")
        #expect(lines.contains { $0.hasPrefix("  kinds.json:") && $0.contains("Esam.SignalProcessingNotification.SccXml") && $0.contains("out of scope locally") })
        #expect(lines.contains { $0.contains("OutputGroups[0].Outputs[0].VideoDescription.TimecodeInsertion: not executed") })
        #expect(!listed.stdout.contains("AfdSignaling") && !listed.stdout.contains("Width"), "executed and equivalent members are not listed")
        #expect(!listed.stderr.contains("warning"), "\(listed.stderr)")
        // Without it, the same members are warnings on standard error; --local and --quiet do not go together.
        let plain = try await ProcessRunner.run(binary, ["validate-templates", file.path])
        #expect(plain.stderr.contains("warning: OutputGroups[0].Outputs[0].VideoDescription.TimecodeInsertion") && !plain.stdout.contains("local "), "\(plain.stderr)")
        let both = try await ProcessRunner.run(binary, ["validate-templates", "--local", "--quiet", file.path])
        #expect(both.status != 0 && both.stderr.contains("--local"), "\(both.stderr)")
    }
}
