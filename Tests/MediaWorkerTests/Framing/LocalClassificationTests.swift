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
}
