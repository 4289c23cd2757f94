/// Frames and signs the body of an S3 `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` upload:
/// each chunk is `hex(size);chunk-signature=SIG\r\nDATA\r\n`, every signature chained to
/// the previous one, starting from the seed signature of the request's headers, and the
/// body ends with a signed zero-length chunk.
public struct AWSChunkedEncoder: Sendable {
    private let signingKey: [UInt8]
    private let amzDate: String
    private let scope: String
    private(set) public var previousSignature: String

    /// Starts the chain from a signed request (`signHeaders` with `.streaming`).
    public init(signer: SigV4Signer, seed: SigV4Signer.Result) {
        self.signingKey = signer.signingKey(seed.timestamp)
        self.amzDate = seed.timestamp.amzDate
        self.scope = signer.scope(seed.timestamp)
        self.previousSignature = seed.signature
    }

    /// The signature of the next chunk, advancing the chain.
    public mutating func signChunk(_ data: UnsafeRawBufferPointer) -> String {
        let stringToSign = [
            "AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previousSignature, SHA256.emptyHex, Hex.encode(SHA256.hash(data)),
        ].joined(separator: "\n")
        previousSignature = Hex.encode(HMACSHA256.authenticate(key: signingKey, string: stringToSign))
        return previousSignature
    }

    /// The header line of the next chunk (`hex(size);chunk-signature=...\r\n`), advancing the chain.
    public mutating func chunkHeader(for data: UnsafeRawBufferPointer) -> [UInt8] {
        let signature = signChunk(data)
        return Array((String(data.count, radix: 16) + ";chunk-signature=" + signature + "\r\n").utf8)
    }

    /// The final zero-length chunk, `0;chunk-signature=...\r\n\r\n`.
    public mutating func finalChunk() -> [UInt8] {
        var empty: [UInt8] = []
        return empty.withUnsafeMutableBytes { chunkHeader(for: UnsafeRawBufferPointer($0)) } + Array("\r\n".utf8)
    }

    /// The length on the wire of a body of `decodedLength` bytes cut into `chunkSize` chunks.
    public static func encodedLength(decodedLength: Int64, chunkSize: Int) -> Int64 {
        precondition(chunkSize > 0)
        let signatureOverhead = Int64(";chunk-signature=".utf8.count + 64 + 2 + 2)
        func framed(_ size: Int64) -> Int64 { Int64(String(size, radix: 16).utf8.count) + signatureOverhead + size }
        let full = decodedLength / Int64(chunkSize)
        let rest = decodedLength % Int64(chunkSize)
        var total = full * framed(Int64(chunkSize))
        if rest > 0 { total += framed(rest) }
        return total + framed(0)
    }
}
