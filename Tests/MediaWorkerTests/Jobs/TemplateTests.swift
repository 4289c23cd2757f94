import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import Testing

@Suite("Job templates: loading, validation with paths and lines, pass-through")
struct TemplateTests {
    static var templatesDirectory: String { Fixtures.repositoryRoot.appendingPathComponent("job-templates").path }

    static func shipped(_ name: String) throws -> JobTemplate {
        try JobTemplate.load(path: (templatesDirectory as NSString).appendingPathComponent(name))
    }

    /// job.json with one edit applied to its text.
    static func edited(_ name: String = "job.json", replacing old: String, with new: String, occurrence: Int = 1) throws -> [UInt8] {
        let text = try String(contentsOfFile: (templatesDirectory as NSString).appendingPathComponent(name), encoding: .utf8)
        var parts = text.components(separatedBy: old)
        try #require(parts.count > occurrence, "\(old) occurs \(parts.count - 1) times")
        let head = parts[0..<occurrence].joined(separator: old)
        parts = [head] + Array(parts[occurrence...])
        return Array(parts.joined(separator: new).utf8)
    }

    @Test("the shipped templates load: an MP4 ladder, an HLS ladder, audio only")
    func shippedTemplates() throws {
        let job = try Self.shipped("job.json")
        #expect(job.outputGroups.count == 1)
        #expect(job.outputGroups[0].kind == .file)
        #expect(job.outputGroups[0].outputs.compactMap(\.nameModifier) == ["_1080p", "_720p", "_480p", "_360p"])
        #expect(job.outputGroups[0].outputs.compactMap(\.video?.shortSide) == [1080, 720, 480, 360])
        #expect(job.outputGroups[0].outputs.allSatisfy { $0.video?.rateControlMode == "QVBR" && $0.video?.maxBitrate != nil })
        #expect(job.localWarnings.isEmpty, "\(job.localWarnings)")
        let hls = try Self.shipped("hls.json")
        #expect(hls.outputGroups[0].kind == .hls)
        #expect(hls.outputGroups[0].segmentLength == 6)
        let audio = try Self.shipped("audio-only.json")
        #expect(audio.outputGroups[0].outputs.allSatisfy { $0.video == nil && $0.audio.count == 1 })
    }

    @Test("a string where an integer belongs: the JSON path and the line")
    func wrongType() throws {
        // The third output's Height (480p) written as a string.
        let bytes = try Self.edited(replacing: "\"Height\": 480", with: "\"Height\": \"480\"")
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("\"Height\": \"480\"") }) + 1
        #expect(throws: TemplateError.self) { try JobTemplate.parse(bytes, name: "job.json") }
        do {
            _ = try JobTemplate.parse(bytes, name: "job.json")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.issues.count == 1)
            #expect(error.description == "job.json:\(line): OutputGroups[0].Outputs[2].VideoDescription.Height: expected an integer, got \"480\"")
        }
    }

    @Test("bad values are refused, each error with its place", arguments: [
        ("\"RateControlMode\": \"QVBR\"", "\"RateControlMode\": \"ABR\"", "\"ABR\" is not one of VBR, CBR, QVBR"),
        ("\"QvbrQualityLevel\": 8", "\"QvbrQualityLevel\": 11", "11 is out of range 1...10"),
        ("\"MaxBitrate\": 6000000,", "", "QVBR needs MaxBitrate"),
        ("\"Destination\": \"{{DESTINATION}}\"", "\"Destination\": \"{{DESTINATON}}\"", "unknown placeholder {{DESTINATON}}"),
        ("\"Width\": 1920", "\"Width\": 16", "16 is out of range 32...8192"),
        ("\"SampleRate\": 48000", "\"SampleRate\": 48000.5", "expected an integer, got 48000.5"),
        ("\"Codec\": \"H_264\"", "\"Codec\": \"H264\"", "\"H264\" is not one of"),
        ("\"Outputs\": [", "\"Outputs\": {\"x\": 1}, \"Unused\": [", "Outputs: expected an array, got an object"),
    ])
    func invalidValues(old: String, new: String, expected: String) throws {
        let bytes = try Self.edited(replacing: old, with: new)
        do {
            _ = try JobTemplate.parse(bytes, name: "job.json")
            Issue.record("\(new) was accepted")
        } catch {
            #expect(error.issues.contains { $0.description.contains(expected) && $0.line != nil }, "\(error)")
        }
    }

    @Test("syntax errors give the line and column")
    func syntax() throws {
        let bytes = try Self.edited(replacing: "\"NameModifier\": \"_720p\",", with: "\"NameModifier\": \"_720p\"")
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        let broken = try #require(lines.firstIndex { $0.contains("\"_720p\"") }) + 2
        do {
            _ = try JobTemplate.parse(bytes, name: "job.json")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.issues.first?.line == broken, "\(error)")
            #expect(error.description.contains("missing comma"), "\(error)")
        }
    }

    @Test("unknown members are kept for MediaConvert and named as not executed locally")
    func unknownMembers() throws {
        let bytes = try Self.edited(
            replacing: "\"GopSizeUnits\": \"SECONDS\",", with: "\"GopSizeUnits\": \"SECONDS\", \"SceneChangeDetect\": \"TRANSITION_DETECTION\", \"FutureKnob\": {\"Level\": 3},")
        let template = try JobTemplate.parse(bytes, name: "job.json")
        let paths = template.localWarnings.map(\.path)
        #expect(paths.contains("OutputGroups[0].Outputs[0].VideoDescription.CodecSettings.H264Settings.SceneChangeDetect"), "\(paths)")
        #expect(paths.contains("OutputGroups[0].Outputs[0].VideoDescription.CodecSettings.H264Settings.FutureKnob.Level"))
        #expect(template.localWarnings.count == 2, "one warning per member, not per output: \(template.localWarnings)")
        let h264 = template.settings["OutputGroups"]?.elements?[0]["Outputs"]?.elements?[3]["VideoDescription"]?["CodecSettings"]?["H264Settings"]
        #expect(h264?["SceneChangeDetect"] == .string("TRANSITION_DETECTION"))
        #expect(h264?["FutureKnob"]?["Level"] == .number("3"))
    }

    @Test("a CreateJob-shaped file: Settings plus job members, paths under Settings")
    func createJobShape() throws {
        let settings = try String(contentsOfFile: (Self.templatesDirectory as NSString).appendingPathComponent("job.json"), encoding: .utf8)
        let wrapped = "{\n\"Queue\": \"arn:aws:mediaconvert:us-east-1:111122223333:queues/Default\",\n\"Priority\": 5,\n\"Settings\": " + settings + "}"
        let template = try JobTemplate.parse(Array(wrapped.utf8), name: "wrapped.json")
        #expect(template.jobMembers.map(\.key) == ["Queue", "Priority"])
        let broken = wrapped.replacingOccurrences(of: "\"Priority\": 5", with: "\"Priority\": 99")
            .replacingOccurrences(of: "\"Height\": 720", with: "\"Height\": true")
        do {
            _ = try JobTemplate.parse(Array(broken.utf8), name: "wrapped.json")
            Issue.record("accepted")
        } catch {
            let text = error.issues.map(\.description)
            #expect(text.contains("wrapped.json:3: Priority: 99 is out of range -50...50"), "\(text)")
            #expect(text.contains { $0.contains("Settings.OutputGroups[0].Outputs[1].VideoDescription.Height: expected an integer, got true") }, "\(text)")
        }
    }

    @Test("JSON round trip keeps member order, number text and escapes")
    func jsonRoundTrip() throws {
        let text = #"{"b":1.50,"a":[true,null,-0,1e3],"s":"é \"q\" \\ \u0001 😀","o":{}}"#
        let parsed = try JSONParser.parse(text)
        #expect(JSONWriter.write(parsed.value) == #"{"b":1.50,"a":[true,null,-0,1e3],"s":"é \"q\" \\ \u0001 😀","o":{}}"#)
        #expect(parsed.lines["a[2]"] == 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1,"a":2}"#) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[1,]") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "[", count: 500)) }
    }
}
