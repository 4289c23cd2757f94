public import MediaWorkerSigning
public import MediaWorkerHTTP

/// Static keys of a profile in `~/.aws/credentials` / `~/.aws/config`, or a profile's
/// `web_identity_token_file` + `role_arn`.
public struct ProfileCredentialProvider: CredentialProvider {
    public var name: String { "profile \(profileName)" }
    private let profileName: String
    private let files: SharedConfigFiles
    private let environment: AWSEnvironment
    private let http: HTTPClient
    private let configuration: AWSConfiguration

    public init(environment: AWSEnvironment, files: SharedConfigFiles, configuration: AWSConfiguration, http: HTTPClient) {
        self.profileName = environment.profileName
        self.files = files
        self.environment = environment
        self.http = http
        self.configuration = configuration
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        guard let profile = files.profile(profileName) else {
            let where_ = files.filesRead.isEmpty ? "no shared config files were found (\(environment.credentialsFilePath), \(environment.configFilePath))" : "not in \(files.filesRead.joined(separator: " or "))"
            throw CredentialProviderError(environment["AWS_PROFILE"] == nil ? .notConfigured : .failed, provider: name, "profile \"\(profileName)\" is \(where_)")
        }
        if let keyID = profile["aws_access_key_id"], !keyID.isEmpty {
            guard let secret = profile["aws_secret_access_key"], !secret.isEmpty else {
                throw CredentialProviderError(.failed, provider: name, "aws_access_key_id is set but aws_secret_access_key is missing")
            }
            let token = profile["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        }
        if let tokenFile = profile["web_identity_token_file"], let roleARN = profile["role_arn"] {
            let provider = WebIdentityCredentialProvider(
                tokenFile: environment.expand(tokenFile), roleARN: roleARN, sessionName: profile["role_session_name"],
                configuration: configuration, http: http)
            return try await provider.credentials()
        }
        throw CredentialProviderError(.notConfigured, provider: name, "profile \"\(profileName)\" has no aws_access_key_id or web_identity_token_file")
    }
}
