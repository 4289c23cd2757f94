public import MediaWorkerSigning
public import MediaWorkerHTTP
import MediaWorkerSupport

/// Tries providers in order and keeps the first that works, as the AWS SDKs do.
/// A provider that is not configured is skipped; one that is configured but fails stops
/// the search, so a broken setup is reported instead of silently falling through.
public final class CredentialProviderChain: CredentialProvider {
    public var name: String { "chain(" + providers.map(\.name).joined(separator: ", ") + ")" }
    private let providers: [any CredentialProvider]
    private let chosen = Locked<Int?>(nil)

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    /// The SDKs' default order: environment, web identity, shared profile files,
    /// container endpoint, EC2 instance metadata.
    public static func standard(environment: AWSEnvironment, configuration: AWSConfiguration, http: HTTPClient) -> CredentialProviderChain {
        let files = SharedConfigFiles(environment: environment)
        return CredentialProviderChain([
            EnvironmentCredentialProvider(environment: environment),
            WebIdentityCredentialProvider(environment: environment, configuration: configuration, http: http),
            ProfileCredentialProvider(environment: environment, files: files, configuration: configuration, http: http),
            ContainerCredentialProvider(environment: environment, http: http),
            InstanceMetadataCredentialProvider(environment: environment, http: http),
        ])
    }

    /// The name of the provider in use, once one has worked.
    public var activeProvider: String? {
        chosen.withLock { $0 }.map { providers[$0].name }
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        if let index = chosen.withLock({ $0 }) {
            return try await providers[index].credentials()
        }
        var skipped: [String] = []
        for (index, provider) in providers.enumerated() {
            do {
                let credentials = try await provider.credentials()
                chosen.withLock { $0 = index }
                return credentials
            } catch where error.code == .notConfigured {
                skipped.append("\(provider.name): \(error.message)")
            }
        }
        throw CredentialProviderError(
            .notConfigured, provider: "credentials",
            "no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials, or run with a web identity, container or instance role. Tried: "
                + skipped.joined(separator: "; "))
    }
}
