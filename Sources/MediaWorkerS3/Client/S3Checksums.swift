import Foundation
import MediaWorkerAWS
import MediaWorkerSigning

/// The checksum of an upload body, in the form its header carries it.
struct S3Checksum: Sendable {
    enum Value: Sendable {
        case sha256([UInt8])
        case md5([UInt8])
        case crc32c(UInt32)
    }

    var value: Value

    /// The request headers: `x-amz-checksum-crc32c` or `x-amz-checksum-sha256` with
    /// `x-amz-sdk-checksum-algorithm` (as the AWS SDKs send it; some servers store the
    /// checksum only with it), or `Content-MD5`.
    var headers: [(String, String)] {
        switch value {
        case .crc32c: return [("x-amz-checksum-crc32c", base64), ("x-amz-sdk-checksum-algorithm", "CRC32C")]
        case .sha256: return [("x-amz-checksum-sha256", base64), ("x-amz-sdk-checksum-algorithm", "SHA256")]
        case .md5: return [("Content-MD5", base64)]
        }
    }

    var base64: String {
        switch value {
        case .crc32c(let crc): return Data(CRC32C(value: crc).bigEndianBytes).base64EncodedString()
        case .sha256(let digest), .md5(let digest): return Data(digest).base64EncodedString()
        }
    }
}

/// Checksums of file ranges and buffers for upload headers, computed off the cooperative pool.
enum S3Checksums {
    /// The checksum of a file range.
    static func of(_ algorithm: S3ChecksumAlgorithm, path: String, offset: Int64, length: Int64) async throws -> S3Checksum {
        try await BlockingWork.run("media-worker.checksum") {
            switch algorithm {
            case .crc32c: return S3Checksum(value: .crc32c(try FileHashing.crc32c(path: path, offset: offset, length: length).value))
            case .sha256: return S3Checksum(value: .sha256(try FileHashing.digest(.sha256, path: path, offset: offset, length: length)))
            case .md5: return S3Checksum(value: .md5(try FileHashing.digest(.md5, path: path, offset: offset, length: length)))
            }
        }
    }

    /// The checksum of bytes in memory.
    static func of(_ algorithm: S3ChecksumAlgorithm, bytes: [UInt8]) throws -> S3Checksum {
        switch algorithm {
        case .crc32c:
            var crc = CRC32C()
            crc.update(bytes)
            return S3Checksum(value: .crc32c(crc.value))
        case .sha256: return S3Checksum(value: .sha256(SHA256.hash(bytes)))
        case .md5:
            let hasher = try DigestHasher(.md5)
            hasher.update(bytes)
            return S3Checksum(value: .md5(hasher.finalize()))
        }
    }
}

/// A transfer that could not complete; the message says what and why.
public struct S3TransferError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
