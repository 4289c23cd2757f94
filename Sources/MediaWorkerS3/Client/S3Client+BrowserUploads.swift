import Foundation
import MediaWorkerAWS
import MediaWorkerSigning
import MediaWorkerXML

/// A part of a multipart upload, as ListParts reports it.
public struct S3UploadedPart: Sendable, Equatable {
    public var number: Int
    public var etag: String
    public var size: Int64
}

/// A CORS rule (PutBucketCors): the origins and methods a browser may use on the bucket,
/// and the response headers its scripts may read.
public struct S3CORSRule: Sendable, Equatable {
    public var origins: [String]
    public var methods: [String]
    public var allowedHeaders: [String]
    public var exposedHeaders: [String]
    public var maxAgeSeconds: Int

    public init(origins: [String], methods: [String], allowedHeaders: [String] = ["*"], exposedHeaders: [String] = ["ETag"], maxAgeSeconds: Int = 3000) {
        self.origins = origins
        self.methods = methods
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }
}

extension S3Client {
    /// Multipart uploads whose parts someone else sends (a browser, with presigned
    /// UploadPart URLs): create, list the parts sent, complete, abort. No checksum is asked
    /// for, since the parts do not come through this client.
    public func createBrowserUpload(_ location: S3Location, contentType: String?) async throws -> String {
        try await createMultipartUpload(location, headers: contentType.map { [("Content-Type", $0)] } ?? [])
    }

    /// ListParts, every page.
    public func listParts(_ location: S3Location, uploadID: String) async throws -> [S3UploadedPart] {
        var parts: [S3UploadedPart] = []
        var marker: String?
        repeat {
            var query = [QueryItem("uploadId", uploadID), QueryItem("max-parts", "1000")]
            if let marker { query.append(QueryItem("part-number-marker", marker)) }
            let response = try await aws.send(request("ListParts", "GET", location, query: query))
            let root = try XMLTree.parse(response.body)
            for part in root.elements(named: "Part") {
                guard let number = part.text(of: "PartNumber").flatMap({ Int($0) }), let etag = part.text(of: "ETag") else { continue }
                parts.append(S3UploadedPart(number: number, etag: etag, size: part.text(of: "Size").flatMap { Int64($0) } ?? 0))
            }
            marker = root.text(of: "IsTruncated") == "true" ? root.text(of: "NextPartNumberMarker") : nil
        } while marker != nil
        return parts.sorted { $0.number < $1.number }
    }

    /// Completes a browser's upload with the parts S3 has (ListParts), so what the browser
    /// says cannot make the object: `expectedParts` must all be there.
    public func completeBrowserUpload(_ location: S3Location, uploadID: String, expectedParts: Int) async throws -> S3ObjectInfo {
        let parts = try await listParts(location, uploadID: uploadID)
        guard parts.map(\.number) == Array(1...max(1, expectedParts)) else {
            throw S3TransferError("the upload of \(location) has parts \(parts.map(\.number)), not 1...\(expectedParts): send the missing ones first")
        }
        let size = parts.reduce(Int64(0)) { $0 + $1.size }
        return try await completeMultipartUpload(
            location, uploadID: uploadID, parts: parts.map { S3CompletedPart(number: $0.number, etag: $0.etag, length: $0.size) }, size: size)
    }

    public func abortBrowserUpload(_ location: S3Location, uploadID: String) async throws {
        try await abortMultipartUpload(location, uploadID: uploadID)
    }

    /// PutBucketCors (replaces the bucket's CORS rules).
    public func putBucketCORS(_ bucket: String, rules: [S3CORSRule]) async throws {
        var writer = XMLWriter()
        writer.start("CORSConfiguration", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        for rule in rules {
            writer.start("CORSRule")
            for header in rule.allowedHeaders { writer.element("AllowedHeader", header) }
            for method in rule.methods { writer.element("AllowedMethod", method) }
            for origin in rule.origins { writer.element("AllowedOrigin", origin) }
            for header in rule.exposedHeaders { writer.element("ExposeHeader", header) }
            writer.element("MaxAgeSeconds", String(rule.maxAgeSeconds))
            writer.end()
        }
        writer.end()
        let body = Array(writer.document.utf8)
        let md5 = try S3Checksums.of(.md5, bytes: body)
        _ = try await aws.send(request(
            "PutBucketCors", "PUT", S3Location(bucket: bucket, key: ""), query: [QueryItem("cors")],
            headers: [("Content-Type", "application/xml")] + md5.headers, body: .bytes(body)))
    }
}
