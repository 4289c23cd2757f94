public import MediaWorkerSigning

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let name = "environment"
    private let environment: AWSEnvironment

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        let keyID = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? environment["AWS_SECRET_KEY"]
        switch (keyID, secret) {
        case (nil, nil):
            throw CredentialProviderError(.notConfigured, provider: name, "AWS_ACCESS_KEY_ID is not set")
        case (.some, nil):
            throw CredentialProviderError(.failed, provider: name, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither")
        case (nil, .some):
            throw CredentialProviderError(.failed, provider: name, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither")
        case (let keyID?, let secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
        }
    }
}
