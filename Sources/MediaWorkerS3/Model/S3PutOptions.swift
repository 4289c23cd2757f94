/// Object headers for uploads and copies.
public struct S3PutOptions: Sendable, Equatable {
    /// Server-side encryption.
    public enum Encryption: Sendable, Equatable {
        case aes256
        /// `aws:kms`, with a key id or ARN (nil: the account's default key).
        case kms(keyID: String?)
    }

    public var contentType: String?
    public var cacheControl: String?
    /// User metadata, sent as `x-amz-meta-NAME`.
    public var metadata: [String: String]
    public var encryption: Encryption?

    public init(contentType: String? = nil, cacheControl: String? = nil, metadata: [String: String] = [:], encryption: Encryption? = nil) {
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.metadata = metadata
        self.encryption = encryption
    }

    var headers: [(String, String)] {
        var headers: [(String, String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        if let cacheControl { headers.append(("Cache-Control", cacheControl)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-\(name.lowercased())", value)) }
        switch encryption {
        case .aes256: headers.append(("x-amz-server-side-encryption", "AES256"))
        case .kms(let keyID):
            headers.append(("x-amz-server-side-encryption", "aws:kms"))
            if let keyID { headers.append(("x-amz-server-side-encryption-aws-kms-key-id", keyID)) }
        case nil: break
        }
        return headers
    }
}
