import Foundation
import MediaWorkerAWS
public import MediaWorkerJobs
import MediaWorkerJSON
public import MediaWorkerS3

/// A template's side inputs in S3, fetched into the job folder before the local engine runs,
/// so that the template it gets names local files only (``LocalBackend`` right after routing,
/// `media-worker process`). The members fetched are the ones the local engine reads: the first
/// input's `ImageInserter` images, every output's `VideoPreprocessors.ImageInserter` images,
/// and the first input's caption selectors' sidecars (`FileSourceSettings.SourceFile`: BURN_IN,
/// WebVTT/SRT sidecar outputs, HLS/DASH caption renditions). Placeholders are replaced first
/// (`s3://{{DESTINATION_BUCKET}}/logos/logo.png`).
///
/// Each object is read through the caller's store (its credentials), at most ``maxBytes``, into
/// `side-inputs/` of the job folder under a derived name (`1.png`: a counter and the key's
/// extension if it is letters and digits only; never a name taken from the key). A missing
/// (404) or forbidden (403) side input fails with a ``WorkerError`` naming the member and the
/// URI. Local paths and `file://` URLs are left as written; other schemes (`https://`) too,
/// and the engine refuses them. The MediaConvert backend never calls this: MediaConvert reads
/// the `s3://` URIs itself.
public struct SideInputs: Sendable {
    /// The largest side input fetched: 50 MiB (an overlay image or a caption file is far smaller).
    public static let defaultMaxBytes: Int64 = 50 << 20

    public var store: any ObjectStore
    public var maxBytes: Int64

    public init(store: any ObjectStore, maxBytes: Int64 = defaultMaxBytes) {
        self.store = store
        self.maxBytes = maxBytes
    }

    /// The side-input members the local engine reads, as `(path, value as written)`; paths
    /// relative to `Settings` (`Inputs[0].ImageInserter.InsertableImages[0].ImageInserterInput`).
    public static func members(of template: JobTemplate) -> [(path: String, written: String)] {
        var found: [(path: String, written: String)] = []
        func images(_ inserter: JSONValue?, at path: String) {
            for (index, image) in (inserter?["InsertableImages"]?.elements ?? []).enumerated() {
                if let input = image["ImageInserterInput"]?.stringValue {
                    found.append(("\(path).InsertableImages[\(index)].ImageInserterInput", input))
                }
            }
        }
        let input = template.settings["Inputs"]?.elements?.first
        images(input?["ImageInserter"], at: "Inputs[0].ImageInserter")
        for (groupIndex, group) in (template.settings["OutputGroups"]?.elements ?? []).enumerated() {
            for (outputIndex, output) in (group["Outputs"]?.elements ?? []).enumerated() {
                images(
                    output["VideoDescription"]?["VideoPreprocessors"]?["ImageInserter"],
                    at: "OutputGroups[\(groupIndex)].Outputs[\(outputIndex)].VideoDescription.VideoPreprocessors.ImageInserter")
            }
        }
        for selector in input?["CaptionSelectors"]?.members ?? [] {
            if let file = selector.value["SourceSettings"]?["FileSourceSettings"]?["SourceFile"]?.stringValue {
                found.append(("Inputs[0].CaptionSelectors.\(selector.key).SourceSettings.FileSourceSettings.SourceFile", file))
            }
        }
        return found
    }

    /// Whether a side input is an `s3://` URI (fetched by ``localize(_:values:folder:)``).
    public static func isS3(_ written: String) -> Bool { written.lowercased().hasPrefix("s3://") }

    /// `template` with every `s3://` side input downloaded into `folder/side-inputs/` and named
    /// by its local path, in `Settings` and in the typed view the engine reads. The same URI is
    /// fetched once. Throws ``WorkerError`` (`sideInput`, `sideInputTooLarge`).
    public func localize(_ template: JobTemplate, values: [Placeholder: String], folder: String) async throws -> JobTemplate {
        let remote = Self.members(of: template).filter { Self.isS3($0.written) }
        guard !remote.isEmpty else { return template }
        let directory = (folder as NSString).appendingPathComponent("side-inputs")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WorkerError(.workDirectory, "cannot create \(directory) for the template's side inputs: \(error.localizedDescription)")
        }
        var local: [String: String] = [:]
        var fetched: [String: String] = [:]
        for member in remote where local[member.written] == nil {
            let uri = Placeholder.substitute(member.written, values: values)
            if let path = fetched[uri] {
                local[member.written] = path
                continue
            }
            let path = (directory as NSString).appendingPathComponent("\(fetched.count + 1)" + Self.safeExtension(of: uri))
            try await fetch(uri, member: member.path, template: template.name, to: path)
            fetched[uri] = path
            local[member.written] = path
        }
        return Self.naming(template, local: local)
    }

    /// Downloads one side input to `path`, checked against ``maxBytes`` before and after.
    private func fetch(_ uri: String, member: String, template: String, to path: String) async throws {
        let named = "the side input \(member) (\(uri)) of template \(template)"
        if !Placeholder.names(in: uri).isEmpty {
            throw WorkerError(.sideInput, "\(named) keeps a placeholder that has no value here; use {{DESTINATION_BUCKET}} or a bucket name")
        }
        let location: S3Location
        do {
            location = try S3Location(uri: uri)
        } catch {
            throw WorkerError(.sideInput, "\(named) is not an s3://BUCKET/KEY URI (\(error.message)); correct it in the template")
        }
        guard !location.key.isEmpty, !location.key.hasSuffix("/") else {
            throw WorkerError(.sideInput, "\(named) is not an s3://BUCKET/KEY URI (it names no object, only a bucket or a folder); write the file's full key")
        }
        do {
            let head = try await store.headObject(location)
            guard head.size <= maxBytes else { throw Self.tooLarge(named, size: head.size, limit: maxBytes) }
            _ = try await store.download(location, toFile: path)
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
            guard size <= maxBytes else {
                try? FileManager.default.removeItem(atPath: path)
                throw Self.tooLarge(named, size: size, limit: maxBytes)
            }
        } catch let error as AWSServiceError where error.status == 404 || ["NoSuchKey", "NotFound", "NoSuchBucket"].contains(error.code) {
            throw WorkerError(.sideInput, "\(named) does not exist (\(error.status) \(error.code)): upload the file there or correct the URI in the template", cause: error)
        } catch let error as AWSServiceError where error.status == 403 {
            throw WorkerError(
                .sideInput,
                "\(named) is forbidden to the worker's credentials (403 \(error.code)): allow s3:GetObject on arn:aws:s3:::\(location.bucket)/\(location.key), or move the file to a bucket the worker reads",
                cause: error)
        } catch let error as WorkerError {
            throw error
        } catch {
            throw WorkerError(.sideInput, "cannot fetch \(named): \(error)", cause: error)
        }
    }

    private static func tooLarge(_ named: String, size: Int64, limit: Int64) -> WorkerError {
        WorkerError(.sideInputTooLarge, "\(named) is \(size) bytes; side inputs are limited to \(limit >> 20) MiB: use a smaller image or caption file")
    }

    /// `.png` from `s3://b/logos/logo.png`: letters and digits only, at most 10, else nothing.
    static func safeExtension(of uri: String) -> String {
        let name = (uri as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        guard !ext.isEmpty, ext.count <= 10, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return "" }
        return "." + ext
    }

    /// `template` with each side-input value in `local` replaced by its local path, in the
    /// members ``members(of:)`` reads and in the typed images.
    static func naming(_ template: JobTemplate, local: [String: String]) -> JobTemplate {
        var template = template
        let rename: (String) -> String = { local[$0] ?? $0 }
        if var inputs = template.settings["Inputs"]?.elements, !inputs.isEmpty {
            if let inserter = inputs[0]["ImageInserter"] { inputs[0]["ImageInserter"] = inserter.mapStrings(rename) }
            if let selectors = inputs[0]["CaptionSelectors"] { inputs[0]["CaptionSelectors"] = selectors.mapStrings(rename) }
            template.settings["Inputs"] = .array(inputs)
        }
        if var groups = template.settings["OutputGroups"]?.elements {
            for groupIndex in groups.indices {
                guard var outputs = groups[groupIndex]["Outputs"]?.elements else { continue }
                for outputIndex in outputs.indices {
                    if let inserter = outputs[outputIndex]["VideoDescription"]?["VideoPreprocessors"]?["ImageInserter"] {
                        outputs[outputIndex]["VideoDescription"]?["VideoPreprocessors"]?["ImageInserter"] = inserter.mapStrings(rename)
                    }
                }
                groups[groupIndex]["Outputs"] = .array(outputs)
            }
            template.settings["OutputGroups"] = .array(groups)
        }
        for index in template.inputImages.indices { template.inputImages[index].path = rename(template.inputImages[index].path) }
        for group in template.outputGroups.indices {
            for output in template.outputGroups[group].outputs.indices {
                guard var video = template.outputGroups[group].outputs[output].video else { continue }
                for image in video.images.indices { video.images[image].path = rename(video.images[image].path) }
                template.outputGroups[group].outputs[output].video = video
            }
        }
        return template
    }
}
