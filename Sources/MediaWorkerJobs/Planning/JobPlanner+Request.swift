import MediaWorkerJSON

/// The CreateJob request around the planned settings, and the helpers the planner shares.
extension JobPlanner {
    /// The object key prefix and base name a group destination gives: `s3://b/audiovideo/show/`
    /// writes `audiovideo/show/<input base>`, `s3://b/hls/name` writes `hls/name`.
    static func keyPrefix(_ destination: String, bucket: String, inputBase: String) -> (String, String) {
        var path = destination
        if path.hasPrefix("s3://") {
            path.removeFirst(5)
            if let slash = path.firstIndex(of: "/") { path = String(path[path.index(after: slash)...]) } else { path = "" }
        }
        if path.isEmpty || path.hasSuffix("/") { return (path, inputBase) }
        let cut = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return (String(path[..<cut]), String(path[cut...]))
    }

    /// The template's inputs with the source as the first input's `FileInput`.
    static func inputs(_ inputs: JSONValue?, url: String) -> JSONValue {
        var list = inputs?.elements ?? []
        if list.isEmpty {
            list = [.object([
                "AudioSelectors": .object(["Audio Selector 1": .object(["DefaultSelection": .string("DEFAULT")])]),
                "VideoSelector": .object(["Rotate": .string("AUTO")]),
            ])]
        }
        list[0]["FileInput"] = .string(url)
        return .array(list)
    }

    func request(template: JobTemplate, settings: JSONValue, source: JobSource, token: String) -> JSONValue {
        var request = JSONValue.object([])
        request["Role"] = .string(submission.role)
        request["Settings"] = settings
        // The template's CreateJob members; a job template's own (Name, Description, Category...) are not CreateJob's.
        for member in template.jobMembers where !["Role", "ClientRequestToken"].contains(member.key) && !JobTemplate.templateOnlyMembers.contains(member.key) {
            request[member.key] = member.value
        }
        if let queue = submission.queue { request["Queue"] = .string(queue) }
        if let priority = submission.priority { request["Priority"] = .int(priority) }
        if let mode = submission.accelerationMode { request["AccelerationSettings"] = .object(["Mode": .string(mode)]) }
        if let interval = submission.statusUpdateInterval { request["StatusUpdateInterval"] = .string(interval) }
        request["ClientRequestToken"] = .string(token)
        var metadata = request["UserMetadata"] ?? .object([])
        metadata["application"] = .string(submission.application)
        metadata["source_bucket"] = .string(source.bucket)
        metadata["source_key"] = .string(source.key)
        metadata["source_etag"] = .string(source.etag)
        if let version = source.versionID { metadata["source_version_id"] = .string(version) }
        metadata["template"] = .string(template.name)
        metadata["template_version"] = .string(template.version)
        request["UserMetadata"] = metadata
        return request
    }

    static func ratio(_ text: String?) -> (num: Int, den: Int) {
        guard let text, let colon = text.firstIndex(of: ":"),
            let num = Int(text[..<colon]), let den = Int(text[text.index(after: colon)...]), num > 0, den > 0
        else { return (1, 1) }
        return (num, den)
    }
}
