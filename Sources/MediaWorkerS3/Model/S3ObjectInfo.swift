public import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSupport

/// What HeadObject or GetObject tells about an object.
public struct S3ObjectInfo: Sendable, Equatable {
    public var size: Int64
    /// The ETag without quotes. A single-part upload's ETag is the MD5 of the object
    /// (unless encrypted with KMS); a multipart one ends in `-N`.
    public var etag: String
    public var contentType: String?
    public var cacheControl: String?
    public var lastModified: Date?
    public var versionID: String?
    /// `x-amz-meta-*` headers, names lowercased without the prefix.
    public var metadata: [String: String]
    public var serverSideEncryption: String?
    /// The base64 SHA-256 the object was stored with, if any (`-N` for a composite of N parts).
    public var checksumSHA256: String?
    /// The base64 CRC-32C the object was stored with, if any (`-N` for a composite of N parts).
    public var checksumCRC32C: String?
    /// `FULL_OBJECT` or `COMPOSITE` (`x-amz-checksum-type`), when the server says.
    public var checksumType: String?

    /// Whether the object was uploaded in parts (its ETag ends in `-N`).
    public var isMultipart: Bool { etag.contains("-") }

    /// Whether the ETag is a plain MD5 of the bytes.
    public var etagIsMD5: Bool {
        etag.count == 32 && etag.allSatisfy(\.isHexDigit) && serverSideEncryption != "aws:kms"
    }

    /// An object's details as a store other than S3 knows them (the tests' in-memory store).
    public init(size: Int64, etag: String, contentType: String? = nil, cacheControl: String? = nil, metadata: [String: String] = [:]) {
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.metadata = metadata
    }

    init(headers: [HTTPHeader], size: Int64) {
        self.size = size
        etag = (headers.value(of: "ETag") ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        contentType = headers.value(of: "Content-Type")
        cacheControl = headers.value(of: "Cache-Control")
        lastModified = headers.value(of: "Last-Modified").flatMap(HTTPDate.parse)
        versionID = headers.value(of: "x-amz-version-id")
        serverSideEncryption = headers.value(of: "x-amz-server-side-encryption")
        checksumSHA256 = headers.value(of: "x-amz-checksum-sha256")
        checksumCRC32C = headers.value(of: "x-amz-checksum-crc32c")
        checksumType = headers.value(of: "x-amz-checksum-type")
        var metadata: [String: String] = [:]
        for header in headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        self.metadata = metadata
    }
}
