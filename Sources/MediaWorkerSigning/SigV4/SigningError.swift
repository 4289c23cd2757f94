/// A request that cannot be signed as asked.
public struct SigningError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        /// A presigned URL was asked to live longer than SigV4 allows (7 days) or not at all.
        case invalidExpiry
        /// A header or parameter value the signer cannot represent.
        case invalidRequest
    }
    public var code: Code
    public var message: String

    public var description: String { message }
}
