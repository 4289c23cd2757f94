public import MediaWorkerSigning

/// A source of AWS credentials.
public protocol CredentialProvider: Sendable {
    /// A short name for messages: `environment`, `profile default`, `container`, ...
    var name: String { get }
    /// Current credentials. Throws `.notConfigured` when this source does not apply.
    func credentials() async throws(CredentialProviderError) -> AWSCredentials
}

/// Why credentials could not be had. Never contains a secret.
public struct CredentialProviderError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// This source is not set up (move on to the next one).
        case notConfigured
        /// This source is set up but failed.
        case failed
    }
    public var code: Code
    public var provider: String
    public var message: String

    public init(_ code: Code, provider: String, _ message: String) {
        self.code = code
        self.provider = provider
        self.message = message
    }

    public var description: String { "\(provider): \(message)" }
}

/// Fixed credentials.
public struct StaticCredentialProvider: CredentialProvider {
    public let name = "static"
    private let value: AWSCredentials
    public init(_ credentials: AWSCredentials) { value = credentials }
    public func credentials() async throws(CredentialProviderError) -> AWSCredentials { value }
}
