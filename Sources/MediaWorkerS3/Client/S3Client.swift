public import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning
import MediaWorkerSupport

/// An S3 client for AWS S3, MinIO, LocalStack and moto: objects streamed from and to disk
/// with bounded memory, multipart transfers in parallel, checksums on every upload and
/// verified downloads, retried like the AWS SDKs' standard mode.
public final class S3Client: Sendable {
    /// Settings, with defaults for media files.
    public struct Configuration: Sendable {
        /// How bucket names go into URLs.
        public var addressingStyle: S3AddressingStyle = .auto
        /// Files at least this large go up as multipart uploads.
        public var multipartThreshold: Int64 = 64 << 20
        /// The part size of multipart uploads and ranged downloads (at least 5 MiB; grown
        /// automatically so an upload never needs more than 10,000 parts).
        public var partSize: Int64 = 16 << 20
        /// Parts moving at once in one transfer.
        public var concurrency: Int = 4
        /// Objects at least this large are downloaded as parallel ranged GETs.
        public var parallelDownloadThreshold: Int64 = 64 << 20
        /// The checksum sent with every upload. CRC32C (the default) costs a fraction of
        /// SHA-256's CPU, and multipart uploads carry it as a full-object checksum, which
        /// downloads verify while they write.
        public var checksum: S3ChecksumAlgorithm = .crc32c
        /// Whether downloads are fsynced before they count as done. Off by default: the
        /// worker's downloads are scratch files (a crash retries the job), and the flush
        /// doubles a download's CPU time. Bytes are verified either way.
        public var durableDownloads = false
        /// How upload bodies are signed: unsigned (integrity from the checksum) or streamed
        /// with every chunk signed.
        public var payloadSigning: S3PayloadSigning = .unsigned

        public init() {}
    }

    public let aws: AWSClient
    public let configuration: Configuration
    let addressing: S3Addressing

    public init(aws: AWSClient, configuration: Configuration = Configuration()) {
        self.aws = aws
        self.configuration = configuration
        self.addressing = S3Addressing(endpoint: aws.configuration.endpoint(for: "s3"), style: configuration.addressingStyle)
    }

    /// The smallest and largest part S3 accepts, and the most parts.
    public static let minimumPartSize: Int64 = 5 << 20
    public static let maximumPartSize: Int64 = 5 << 30
    public static let maximumParts: Int64 = 10_000

    /// The part size for a file: the configured size, grown so the file fits in 10,000 parts.
    public func partSize(for length: Int64) -> Int64 {
        var size = max(configuration.partSize, Self.minimumPartSize)
        while (length + size - 1) / size > Self.maximumParts { size *= 2 }
        return min(size, Self.maximumPartSize)
    }

    func request(
        _ operation: String, _ method: String, _ location: S3Location, query: [QueryItem] = [], headers: [(String, String)] = [],
        body: HTTPRequest.Body = .empty, payload: AWSRequest.Payload = .signed
    ) -> AWSRequest {
        let (endpoint, path) = addressing.address(location)
        return AWSRequest(
            service: "s3", operation: operation, method: method, endpoint: endpoint, path: path, query: query,
            headers: headers.map { HTTPHeader($0.0, $0.1) }, body: body, payload: payload, resource: location.description)
    }

    /// The payload mode for a file body of this length.
    func filePayload() -> AWSRequest.Payload {
        switch configuration.payloadSigning {
        case .unsigned: return .unsigned
        case .streaming: return .streaming(chunkSize: 64 * 1024)
        case .signed: return .signed
        }
    }
}

/// The checksum sent with uploads (and checked by the server).
public enum S3ChecksumAlgorithm: String, Sendable, CaseIterable {
    /// `x-amz-checksum-crc32c` (base64 CRC-32C, big-endian); multipart uploads as a
    /// `FULL_OBJECT` checksum of the whole object.
    case crc32c
    /// `x-amz-checksum-sha256` (base64 SHA-256).
    case sha256
    /// `Content-MD5`, for servers without the newer checksum headers.
    case md5
}

/// How upload bodies are covered by the signature.
public enum S3PayloadSigning: String, Sendable, CaseIterable {
    /// `UNSIGNED-PAYLOAD`: integrity comes from the checksum header.
    case unsigned
    /// aws-chunked with a signature per chunk.
    case streaming
    /// The body's SHA-256 in the signature (reads the file once more).
    case signed
}
