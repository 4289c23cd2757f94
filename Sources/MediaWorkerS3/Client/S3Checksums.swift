import Foundation
import MediaWorkerAWS
import MediaWorkerSigning

/// Checksums of file ranges and buffers for upload headers, computed off the cooperative pool.
enum S3Checksums {
    /// The header that carries the checksum of a file range.
    static func header(_ algorithm: S3ChecksumAlgorithm, path: String, offset: Int64, length: Int64) async throws -> (String, String) {
        try await BlockingWork.run("media-worker.checksum") {
            let digest = try digestOfFile(algorithm, path: path, offset: offset, length: length)
            return header(algorithm, digest: digest)
        }
    }

    static func header(_ algorithm: S3ChecksumAlgorithm, bytes: [UInt8]) throws -> (String, String) {
        let digest: [UInt8]
        switch algorithm {
        case .sha256: digest = SHA256.hash(bytes)
        case .md5:
            let hasher = try DigestHasher(.md5)
            hasher.update(bytes)
            digest = hasher.finalize()
        }
        return header(algorithm, digest: digest)
    }

    static func header(_ algorithm: S3ChecksumAlgorithm, digest: [UInt8]) -> (String, String) {
        switch algorithm {
        case .sha256: return ("x-amz-checksum-sha256", Data(digest).base64EncodedString())
        case .md5: return ("Content-MD5", Data(digest).base64EncodedString())
        }
    }

    static func digestOfFile(_ algorithm: S3ChecksumAlgorithm, path: String, offset: Int64, length: Int64) throws -> [UInt8] {
        try FileHashing.digest(algorithm == .sha256 ? .sha256 : .md5, path: path, offset: offset, length: length)
    }
}

/// A transfer that could not complete; the message says what and why.
public struct S3TransferError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
