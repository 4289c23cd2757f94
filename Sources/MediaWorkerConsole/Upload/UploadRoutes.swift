import Foundation
import Hummingbird
import MediaWorkerS3
import MediaWorkerSigning

/// Browser uploads straight to S3 (operator role). The console makes the multipart upload
/// and signs one URL per part; the browser PUTs the parts in parallel to S3; no media byte
/// passes through the console:
/// - POST /api/uploads/create `{path, size, type}` → `{key, uploadId, partSize, parts}`;
/// - POST /api/uploads/sign `{key, uploadId, parts: [n]}` → `{urls: {n: url}}` (PUT, one part each);
/// - POST /api/uploads/parts `{key, uploadId}` → `{parts: [{number, size}]}` (ListParts, to resume);
/// - POST /api/uploads/complete `{key, uploadId, parts}` (completed from ListParts);
/// - POST /api/uploads/abort `{key, uploadId}`.
struct UploadRoutes {
    let s3: S3Client
    let presigner: S3Presigner
    let configuration: ConsoleConfiguration
    let pages: PageRenderer
    /// 8 MiB parts: a 40 MiB file goes up in 5 parts.
    static let partSize: Int64 = 8 << 20

    struct Create: Decodable {
        var path: String
        var size: Int64
        var type: String?
    }

    struct Upload: Decodable {
        var key: String
        var uploadId: String
        var parts: [Int]?
    }

    func add(to router: Router<ConsoleContext>) {
        router.get("/upload") { _, context -> Response in
            try context.require(.operator)
            let values: [String: Any] = ["prefix": configuration.watchPrefix, "bucket": configuration.watchBucket]
            return ConsoleResponses.html(pages.render("upload", title: "Upload", context: context, values: values))
        }
        router.post("/api/uploads/create") { request, context -> Response in
            try context.require(.operator)
            let create = try await request.decode(as: Create.self, context: context)
            guard let key = UploadKey.make(prefix: configuration.watchPrefix, path: create.path) else {
                throw HTTPError(.badRequest, message: "the path \(create.path) cannot be an upload key (empty, . or .. segments, control characters)")
            }
            guard create.size > 0, create.size <= Self.partSize * 10_000 else { throw HTTPError(.badRequest, message: "the size must be 1 byte to 80 GiB") }
            let uploadID = try await s3.createBrowserUpload(location(key), contentType: create.type.flatMap { $0.isEmpty ? nil : $0 })
            let parts = Int((create.size + Self.partSize - 1) / Self.partSize)
            context.logger.notice("console upload started", metadata: ["user": "\(context.identity?.name ?? "")", "key": "\(key)", "bytes": "\(create.size)"])
            return ConsoleResponses.json(["key": key, "uploadId": uploadID, "partSize": Self.partSize, "parts": parts])
        }
        router.post("/api/uploads/sign") { request, context -> Response in
            let upload = try await owned(request, context: context)
            var urls: [String: String] = [:]
            for number in (upload.parts ?? []).prefix(100) where (1...10_000).contains(number) {
                urls[String(number)] = try await presigner.presign(
                    location(upload.key), method: "PUT", expires: configuration.presignSeconds,
                    query: [QueryItem("partNumber", String(number)), QueryItem("uploadId", upload.uploadId)])
            }
            return ConsoleResponses.json(["urls": urls])
        }
        router.post("/api/uploads/parts") { request, context -> Response in
            let upload = try await owned(request, context: context)
            let parts = try await s3.listParts(location(upload.key), uploadID: upload.uploadId)
            return ConsoleResponses.json(["parts": parts.map { ["number": $0.number, "size": $0.size] }])
        }
        router.post("/api/uploads/complete") { request, context -> Response in
            let upload = try await owned(request, context: context)
            let info = try await s3.completeBrowserUpload(location(upload.key), uploadID: upload.uploadId, expectedParts: upload.parts?.count ?? 0)
            context.logger.notice("console upload complete", metadata: ["user": "\(context.identity?.name ?? "")", "key": "\(upload.key)", "bytes": "\(info.size)"])
            return ConsoleResponses.json(["key": upload.key, "size": info.size])
        }
        router.post("/api/uploads/abort") { request, context -> Response in
            let upload = try await owned(request, context: context)
            try await s3.abortBrowserUpload(location(upload.key), uploadID: upload.uploadId)
            return ConsoleResponses.json(["aborted": upload.key])
        }
    }

    func location(_ key: String) -> S3Location { S3Location(bucket: configuration.watchBucket, key: key) }

    /// The request's upload, which must be under the watch prefix.
    func owned(_ request: Request, context: ConsoleContext) async throws -> Upload {
        try context.require(.operator)
        let upload = try await request.decode(as: Upload.self, context: context)
        guard upload.key.hasPrefix(configuration.watchPrefix), !upload.uploadId.isEmpty else {
            throw HTTPError(.badRequest, message: "not an upload of the console's (outside \(configuration.watchPrefix))")
        }
        return upload
    }
}

/// The CORS rules the browser needs: PUT of parts (ETag readable) on the watch bucket, and
/// GET (players, caption tracks, downloads) on the delivery bucket, from the console's origin.
enum BucketCORS {
    static func apply(s3: S3Client, configuration: ConsoleConfiguration, origins: [String]) async throws {
        try await s3.putBucketCORS(configuration.watchBucket, rules: [S3CORSRule(origins: origins, methods: ["PUT", "GET", "HEAD"])])
        if configuration.deliveryBucket != configuration.watchBucket {
            try await s3.putBucketCORS(configuration.deliveryBucket, rules: [S3CORSRule(origins: origins, methods: ["GET", "HEAD"])])
        }
    }
}
