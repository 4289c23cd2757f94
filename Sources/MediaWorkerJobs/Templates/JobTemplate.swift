public import MediaWorkerJSON
import Foundation

/// An operator's job template from `job-templates/`: MediaConvert CreateJob `Settings`
/// (a bare `Settings` object, or a CreateJob body with `Settings` plus `Queue`, `Priority`,
/// `AccelerationSettings`, `StatusUpdateInterval`, `UserMetadata`, ...). Every member is kept
/// as written, known or not, and sent to MediaConvert; the typed view below is what the planner
/// and the local engine read.
public struct JobTemplate: Sendable {
    /// The file name: `job.json`.
    public var name: String
    /// The `Settings` object, placeholders not yet replaced.
    public var settings: JSONValue
    /// The other CreateJob members of a CreateJob-shaped file, in order.
    public var jobMembers: [JSONValue.Member]
    public var outputGroups: [TemplateOutputGroup]
    /// What the local engine will not execute, by path (warnings).
    public var localWarnings: [TemplateIssue]
    /// A fingerprint of the file (FNV-1a of its bytes), to tell versions apart in logs.
    public var version: String

    /// Reads and validates a template file. Throws ``TemplateError``.
    public static func load(path: String) throws(TemplateError) -> JobTemplate {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(.unreadable, file: name, issues: [
                TemplateIssue(.error, file: name, path: "", line: nil, message: "cannot read \(path): check that it exists and is readable"),
            ])
        }
        return try parse(Array(data), name: name)
    }

    /// Parses and validates template text. Throws ``TemplateError`` with every error found.
    public static func parse(_ bytes: [UInt8], name: String) throws(TemplateError) -> JobTemplate {
        let parsed: JSONParser.Result
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw TemplateError(.syntax, file: name, issues: [
                TemplateIssue(.error, file: name, path: "", line: error.line, message: "not valid JSON: \(error.message) (column \(error.column))"),
            ])
        }
        let root = parsed.value
        guard case .object(let members) = root else {
            throw TemplateError(.invalid, file: name, issues: [
                TemplateIssue(.error, file: name, path: "", line: parsed.lines[""], message: "expected an object (MediaConvert job Settings), got \(root.kindDescription)"),
            ])
        }
        let isCreateJob = root["Settings"] != nil
        var reader = TemplateReader(file: name, lines: parsed.lines, prefix: isCreateJob ? "Settings" : "")
        let settings = isCreateJob ? root["Settings"]! : root
        var jobMembers: [JSONValue.Member] = []
        if isCreateJob {
            jobMembers = members.filter { $0.key != "Settings" }
            readJobMembers(root, parsed.lines, name: name, into: &reader)
        }
        guard case .object = settings else {
            reader.issues.append(TemplateIssue(.error, file: name, path: "Settings", line: parsed.lines["Settings"], message: "expected an object, got \(settings.kindDescription)"))
            throw TemplateError(.invalid, file: name, issues: reader.issues)
        }
        let groups = readSettings(settings, &reader)
        checkPlaceholders(settings, path: "", &reader)
        let errors = reader.issues.filter { $0.severity == .error }
        if !errors.isEmpty { throw TemplateError(.invalid, file: name, issues: errors) }
        var template = JobTemplate(
            name: name, settings: settings, jobMembers: jobMembers, outputGroups: groups, localWarnings: [],
            version: Self.fingerprint(bytes))
        template.localWarnings = LocalSupport.warnings(for: template, reader: reader)
        return template
    }

    static func fingerprint(_ bytes: [UInt8]) -> String {
        // FNV-1a 64: enough to tell two versions of a file apart in a log line.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func readJobMembers(_ root: JSONValue, _ lines: [String: Int], name: String, into reader: inout TemplateReader) {
        var top = TemplateReader(file: name, lines: lines, prefix: "")
        _ = top.string(root, "Queue", at: "")
        _ = top.integer(root, "Priority", at: "", range: -50...50)
        _ = top.string(root, "StatusUpdateInterval", at: "", allowed: TemplateEnums.statusUpdateIntervals)
        if let acceleration = top.object(root, "AccelerationSettings", at: "") {
            _ = top.string(acceleration, "Mode", at: "AccelerationSettings", required: true, allowed: TemplateEnums.accelerationModes)
        }
        if let metadata = top.object(root, "UserMetadata", at: "") {
            for member in metadata.members ?? [] where member.value.stringValue == nil {
                top.error("UserMetadata.\(member.key)", "expected a string, got \(member.value.kindDescription)")
            }
        }
        reader.issues += top.issues
    }

    private static func readSettings(_ settings: JSONValue, _ reader: inout TemplateReader) -> [TemplateOutputGroup] {
        if let inputs = reader.array(settings, "Inputs", at: "") {
            for (index, input) in inputs.enumerated() {
                let path = "Inputs[\(index)]"
                guard case .object = input else {
                    reader.error(path, "expected an object, got \(input.kindDescription)")
                    continue
                }
                _ = reader.string(input, "FileInput", at: path)
            }
        }
        guard let groups = reader.array(settings, "OutputGroups", at: "", required: true, nonEmpty: true) else { return [] }
        var result: [TemplateOutputGroup] = []
        for (index, group) in groups.enumerated() {
            if let parsed = readGroup(group, index: index, &reader) { result.append(parsed) }
        }
        return result
    }

    private static func readGroup(_ group: JSONValue, index: Int, _ reader: inout TemplateReader) -> TemplateOutputGroup? {
        let path = "OutputGroups[\(index)]"
        guard case .object = group else {
            reader.error(path, "expected an object, got \(group.kindDescription)")
            return nil
        }
        let name = reader.string(group, "Name", at: path)
        var kind = TemplateOutputGroup.Kind.other("")
        var destination: String?
        var segmentLength: Int?
        if let settings = reader.object(group, "OutputGroupSettings", at: path, required: true) {
            let settingsPath = path + ".OutputGroupSettings"
            let type = reader.string(settings, "Type", at: settingsPath, required: true, allowed: TemplateEnums.groupTypes)
            switch type {
            case "FILE_GROUP_SETTINGS":
                kind = .file
                if let file = reader.object(settings, "FileGroupSettings", at: settingsPath, required: true) {
                    destination = reader.string(file, "Destination", at: settingsPath + ".FileGroupSettings", required: true)
                }
            case "HLS_GROUP_SETTINGS":
                kind = .hls
                if let hls = reader.object(settings, "HlsGroupSettings", at: settingsPath, required: true) {
                    let hlsPath = settingsPath + ".HlsGroupSettings"
                    destination = reader.string(hls, "Destination", at: hlsPath, required: true)
                    segmentLength = reader.integer(hls, "SegmentLength", at: hlsPath, range: 1...2_147_483_647, required: true)
                    _ = reader.integer(hls, "MinSegmentLength", at: hlsPath, range: 0...2_147_483_647, required: true)
                }
            case let other?: kind = .other(other)
            case nil: break
            }
        }
        var outputs: [TemplateOutput] = []
        if let list = reader.array(group, "Outputs", at: path, required: true, nonEmpty: true) {
            for (outputIndex, output) in list.enumerated() {
                if let parsed = readOutput(output, path: "\(path).Outputs[\(outputIndex)]", index: outputIndex, &reader) { outputs.append(parsed) }
            }
        }
        return TemplateOutputGroup(index: index, name: name, kind: kind, destination: destination, segmentLength: segmentLength, outputs: outputs, path: path)
    }

    private static func readOutput(_ output: JSONValue, path: String, index: Int, _ reader: inout TemplateReader) -> TemplateOutput? {
        guard case .object = output else {
            reader.error(path, "expected an object, got \(output.kindDescription)")
            return nil
        }
        let modifier = reader.string(output, "NameModifier", at: path)
        let fileExtension = reader.string(output, "Extension", at: path)
        var container: String?
        if let settings = reader.object(output, "ContainerSettings", at: path) {
            container = reader.string(settings, "Container", at: path + ".ContainerSettings", allowed: TemplateEnums.containers)
        }
        var video: TemplateVideo?
        if let description = reader.object(output, "VideoDescription", at: path) {
            video = readVideo(description, path: path + ".VideoDescription", &reader)
        }
        var audio: [TemplateAudio] = []
        if let list = reader.array(output, "AudioDescriptions", at: path) {
            for (audioIndex, entry) in list.enumerated() {
                let audioPath = "\(path).AudioDescriptions[\(audioIndex)]"
                guard case .object = entry else {
                    reader.error(audioPath, "expected an object, got \(entry.kindDescription)")
                    continue
                }
                if let parsed = readAudio(entry, path: audioPath, &reader) { audio.append(parsed) }
            }
        }
        if video == nil && audio.isEmpty {
            reader.error(path, "has neither VideoDescription nor AudioDescriptions")
        }
        return TemplateOutput(index: index, nameModifier: modifier, container: container, fileExtension: fileExtension, video: video, audio: audio, path: path)
    }

    private static func readVideo(_ description: JSONValue, path: String, _ reader: inout TemplateReader) -> TemplateVideo? {
        let width = reader.integer(description, "Width", at: path, range: 32...8192)
        let height = reader.integer(description, "Height", at: path, range: 32...8192)
        guard let codecSettings = reader.object(description, "CodecSettings", at: path, required: true) else { return nil }
        let codecPath = path + ".CodecSettings"
        guard let codec = reader.string(codecSettings, "Codec", at: codecPath, required: true, allowed: TemplateEnums.videoCodecs) else { return nil }
        var video = TemplateVideo(width: width, height: height, codec: codec)
        guard codec == "H_264" else { return video }
        guard let h264 = reader.object(codecSettings, "H264Settings", at: codecPath, required: true) else { return video }
        let h264Path = codecPath + ".H264Settings"
        video.rateControlMode = reader.string(h264, "RateControlMode", at: h264Path, allowed: TemplateEnums.rateControlModes)
        video.bitrate = reader.integer(h264, "Bitrate", at: h264Path, range: TemplateEnums.bitrateRange)
        video.maxBitrate = reader.integer(h264, "MaxBitrate", at: h264Path, range: TemplateEnums.bitrateRange)
        video.hrdBufferSize = reader.integer(h264, "HrdBufferSize", at: h264Path, range: 0...1_152_000_000)
        video.gopSize = reader.number(h264, "GopSize", at: h264Path, range: 0...Double(Int32.max))
        video.gopSizeUnits = reader.string(h264, "GopSizeUnits", at: h264Path, allowed: TemplateEnums.gopSizeUnits)
        video.codecProfile = reader.string(h264, "CodecProfile", at: h264Path, allowed: TemplateEnums.profiles)
        video.codecLevel = reader.string(h264, "CodecLevel", at: h264Path, allowed: TemplateEnums.levels)
        video.framerateControl = reader.string(h264, "FramerateControl", at: h264Path, allowed: TemplateEnums.framerateControls)
        video.framerateNumerator = reader.integer(h264, "FramerateNumerator", at: h264Path, range: 1...2_147_483_647)
        video.framerateDenominator = reader.integer(h264, "FramerateDenominator", at: h264Path, range: 1...2_147_483_647)
        if let qvbr = reader.object(h264, "QvbrSettings", at: h264Path) {
            video.qvbrQualityLevel = reader.integer(qvbr, "QvbrQualityLevel", at: h264Path + ".QvbrSettings", range: 1...10)
            video.qvbrQualityLevelFineTune = reader.number(qvbr, "QvbrQualityLevelFineTune", at: h264Path + ".QvbrSettings", range: 0...1)
        }
        switch video.rateControlMode {
        case "QVBR":
            if video.maxBitrate == nil, h264["MaxBitrate"] == nil { reader.error(h264Path + ".MaxBitrate", "missing; QVBR needs MaxBitrate") }
            if video.bitrate != nil { reader.error(h264Path + ".Bitrate", "not allowed with QVBR; use MaxBitrate and QvbrSettings.QvbrQualityLevel") }
        case "CBR", "VBR":
            if video.bitrate == nil, h264["Bitrate"] == nil { reader.error(h264Path + ".Bitrate", "missing; \(video.rateControlMode!) needs Bitrate") }
            if video.rateControlMode == "VBR", let bitrate = video.bitrate, let max = video.maxBitrate, max < bitrate {
                reader.error(h264Path + ".MaxBitrate", "\(max) is below Bitrate \(bitrate)")
            }
        default: break
        }
        if video.gopSizeUnits != nil, video.gopSizeUnits != "AUTO", video.gopSize == nil, h264["GopSize"] == nil {
            reader.error(h264Path + ".GopSize", "missing; GopSizeUnits \(video.gopSizeUnits!) needs GopSize")
        }
        if video.framerateControl == "SPECIFIED", video.framerateNumerator == nil || video.framerateDenominator == nil,
            h264["FramerateNumerator"] == nil || h264["FramerateDenominator"] == nil
        {
            reader.error(h264Path + ".FramerateControl", "SPECIFIED needs FramerateNumerator and FramerateDenominator")
        }
        return video
    }

    private static func readAudio(_ entry: JSONValue, path: String, _ reader: inout TemplateReader) -> TemplateAudio? {
        guard let settings = reader.object(entry, "CodecSettings", at: path, required: true) else { return nil }
        let codecPath = path + ".CodecSettings"
        guard let codec = reader.string(settings, "Codec", at: codecPath, required: true, allowed: TemplateEnums.audioCodecs) else { return nil }
        var audio = TemplateAudio(codec: codec)
        guard codec == "AAC", let aac = reader.object(settings, "AacSettings", at: codecPath, required: true) else { return audio }
        let aacPath = codecPath + ".AacSettings"
        audio.bitrate = reader.integer(aac, "Bitrate", at: aacPath, range: 6000...1_024_000)
        audio.sampleRate = reader.integer(aac, "SampleRate", at: aacPath, range: 8000...96000)
        audio.codingMode = reader.string(aac, "CodingMode", at: aacPath, allowed: TemplateEnums.codingModes)
        return audio
    }

    private static func checkPlaceholders(_ value: JSONValue, path: String, _ reader: inout TemplateReader) {
        switch value {
        case .string(let text):
            let known = Set(Placeholder.allCases.map(\.rawValue))
            for name in Placeholder.names(in: text) where !known.contains(name) {
                reader.error(path, "unknown placeholder {{\(name)}}; known: \(Placeholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", "))")
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { checkPlaceholders(element, path: "\(path)[\(index)]", &reader) }
        case .object(let members):
            for member in members { checkPlaceholders(member.value, path: TemplateReader.join(path, member.key), &reader) }
        default: break
        }
    }
}
