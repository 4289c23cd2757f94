import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import Testing

@Suite("camelCase templates (the REST API's names) read as PascalCase, errors in the file's own spelling")
struct TemplateCamelCaseTests {
    static let camel = #"""
        {
          "settings": {
            "inputs": [{"fileInput": "{{INPUT_URL}}", "audioSelectors": {"Audio Selector 1": {"defaultSelection": "DEFAULT"}}}],
            "outputGroups": [
              {
                "name": "File Group",
                "outputGroupSettings": {"type": "FILE_GROUP_SETTINGS", "fileGroupSettings": {"destination": "{{DESTINATION}}"}},
                "outputs": [
                  {
                    "nameModifier": "_720p",
                    "containerSettings": {"container": "MP4"},
                    "videoDescription": {
                      "width": 1280,
                      "height": 720,
                      "codecSettings": {"codec": "H_264", "h264Settings": {"rateControlMode": "QVBR", "maxBitrate": 3000000, "sceneChangeDetect": "TRANSITION_DETECTION"}}
                    },
                    "audioDescriptions": [{"audioSourceName": "Audio Selector 1", "codecSettings": {"codec": "AAC", "aacSettings": {"bitrate": 96000, "codingMode": "CODING_MODE_2_0", "sampleRate": 48000}}}]
                  }
                ]
              }
            ]
          },
          "queue": "arn:aws:mediaconvert:us-east-1:111122223333:queues/Default",
          "userMetadata": {"myKey": "kept as written", "Other": "too"}
        }
        """#

    static func line(of text: String, _ needle: String) throws -> Int {
        try #require(text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }) + 1
    }

    static func errors(_ text: String) -> [String] { InlineTemplates.errors(text).map(\.description) }

    @Test("a camelCase CreateJob body: PascalCase names in order, map keys as written")
    func normalized() throws {
        let template = try InlineTemplates.parse(Self.camel)
        #expect(template.jobMembers.map(\.key) == ["Queue", "UserMetadata"])
        #expect(template.jobMembers[1].value.members?.map(\.key) == ["myKey", "Other"])
        #expect(template.settings.members?.map(\.key) == ["Inputs", "OutputGroups"])
        let input = try #require(template.settings["Inputs"]?.elements?.first)
        #expect(input.members?.map(\.key) == ["FileInput", "AudioSelectors"])
        #expect(input["AudioSelectors"]?["Audio Selector 1"]?["DefaultSelection"] == .string("DEFAULT"))
        let output = try #require(template.settings["OutputGroups"]?.elements?.first?["Outputs"]?.elements?.first)
        #expect(output.members?.map(\.key) == ["NameModifier", "ContainerSettings", "VideoDescription", "AudioDescriptions"])
        #expect(output["VideoDescription"]?["CodecSettings"]?["H264Settings"]?["MaxBitrate"] == .number("3000000"))
        #expect(template.outputGroups[0].outputs[0].video?.shortSide == 720)
        #expect(template.outputGroups[0].destination == "{{DESTINATION}}")
        // Warnings, too, name members as the file does.
        #expect(template.localWarnings.map(\.path) == ["settings.outputGroups[0].outputs[0].videoDescription.codecSettings.h264Settings.sceneChangeDetect"])
    }

    @Test("errors give the file's spelling and line, for a wrong value and for a missing member")
    func camelErrors() throws {
        let wrongType = Self.camel.replacingOccurrences(of: #""height": 720"#, with: #""height": "720""#)
        let heightLine = try Self.line(of: wrongType, #""height""#)
        #expect(Self.errors(wrongType) == ["inline.json:\(heightLine): settings.outputGroups[0].outputs[0].videoDescription.height: expected an integer, got \"720\""])
        let missing = Self.camel.replacingOccurrences(of: #", "maxBitrate": 3000000"#, with: "")
        let codecLine = try Self.line(of: missing, #""h264Settings""#)
        #expect(Self.errors(missing) == [
            "inline.json:\(codecLine): settings.outputGroups[0].outputs[0].videoDescription.codecSettings.h264Settings.maxBitrate: missing; QVBR needs MaxBitrate (outside an automated ABR group)",
        ])
        let noGroups = #"{"inputs": [], "timecodeConfig": {"source": "ZEROBASED"}}"#
        #expect(Self.errors(noGroups) == ["inline.json:1: outputGroups: missing; this member is required"])
    }

    @Test("one member written in both spellings is refused")
    func bothSpellings() throws {
        let both = Self.camel.replacingOccurrences(of: #""queue": "#, with: #""Queue": "arn:aws:mediaconvert:us-east-1:111122223333:queues/Other", "queue": "#)
        let errors = Self.errors(both)
        #expect(errors.count == 1 && errors[0].contains("Queue: written both as \"Queue\" and as \"queue\"; keep one"), "\(errors)")
    }

    @Test("a PascalCase template is unchanged by the reading")
    func pascalUnchanged() throws {
        let text = try String(contentsOfFile: Fixtures.repositoryRoot.appendingPathComponent("job-templates/hls.json").path, encoding: .utf8)
        let template = try InlineTemplates.parse(text)
        #expect(template.settings == (try JSONParser.parse(text)).value)
    }
}
