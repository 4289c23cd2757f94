import Foundation
import Hummingbird
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerSupport

/// GET /api/job/hls?id=json/…&path=…: one of a job's HLS playlists as a browser with native
/// HLS (Safari, iOS) plays it from a private bucket: every segment, init segment and key URI
/// becomes a presigned GET (one object, `CONSOLE_PRESIGN_SECONDS`), every playlist URI this
/// same route. Only the playlists the job's record stands for (``JobObjects``) are served.
struct HLSProxy {
    let index: JobIndex
    let s3: S3Client
    let presigner: S3Presigner
    let deliveryBucket: String
    let presignSeconds: Int

    static let contentType = "application/vnd.apple.mpegurl"

    /// The console URL of playlist `path` of job `id`.
    static func url(id: String, path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return "/api/job/hls?id=\(encode(id))&path=\(encode(path))"
    }

    func add(to router: Router<ConsoleContext>) {
        router.get("/api/job/hls") { request, _ -> Response in
            let fields = FormBody(request.uri.query ?? "").fields
            guard let id = fields["id"], id.hasPrefix("json/"), let path = fields["path"], path.lowercased().hasSuffix(".m3u8") else {
                throw HTTPError(.badRequest, message: "which playlist? /api/job/hls?id=json/...&path=....m3u8")
            }
            guard let report = try await index.report(recordKey: id) else { throw HTTPError(.notFound, message: "no job \(id)") }
            // The job's playlists are read once: to know which are its own, and to serve this one.
            let bucket = deliveryBucket
            let playlists = Locked<[String: [UInt8]]>([:])
            let objects = try await JobObjects.keys(
                of: report,
                read: { key in
                    let bytes = try? await s3.getObjectBytes(S3Location(bucket: bucket, key: key), maxBytes: JobObjects.manifestBytes)
                    if let bytes { playlists.withLock { $0[key] = bytes } }
                    return bytes
                },
                list: { _ in [] })
            guard objects.contains(path) else { throw HTTPError(.notFound, message: "\(path) is not one of this job's playlists") }
            let bytes: [UInt8]
            if let cached = playlists.withLock({ $0[path] }) {
                bytes = cached
            } else {
                bytes = try await s3.getObjectBytes(S3Location(bucket: bucket, key: path), maxBytes: JobObjects.manifestBytes)
            }
            let text = try await rewrite(String(decoding: bytes, as: UTF8.self), playlist: path, id: id)
            var headers = HTTPFields()
            headers[.contentType] = Self.contentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// The playlist with each relative URI replaced (URI lines and `URI="…"` attributes).
    func rewrite(_ playlist: String, playlist key: String, id: String) async throws -> String {
        var lines: [String] = []
        for raw in playlist.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                lines.append(line)
            } else if !trimmed.hasPrefix("#") {
                lines.append(try await replacement(trimmed, playlist: key, id: id))
            } else if let start = line.range(of: "URI=\""), let end = line[start.upperBound...].firstIndex(of: "\"") {
                let uri = String(line[start.upperBound..<end])
                lines.append(String(line[..<start.upperBound]) + (try await replacement(uri, playlist: key, id: id)) + String(line[end...]))
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    func replacement(_ uri: String, playlist: String, id: String) async throws -> String {
        guard let key = JobObjects.resolve(uri, against: playlist) else { return uri }
        if key.lowercased().hasSuffix(".m3u8") { return Self.url(id: id, path: key) }
        return try await presigner.presign(S3Location(bucket: deliveryBucket, key: key), method: "GET", expires: presignSeconds)
    }
}
