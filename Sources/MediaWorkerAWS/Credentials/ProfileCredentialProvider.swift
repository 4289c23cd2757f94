public import Foundation
public import MediaWorkerSigning
public import MediaWorkerHTTP
import MediaWorkerSupport

/// The credentials of a profile in the shared files (`AWS_PROFILE`, `AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`), resolved as the AWS CLI (botocore) resolves them:
///
/// 1. `role_arn` (without `web_identity_token_file`): STS `AssumeRole` with
///    `role_session_name` (default `botocore-session-<Unix time>`), `duration_seconds`
///    and `external_id`, signed with the credentials of `source_profile`, or of
///    `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`). A source
///    profile is resolved the same way, except that its static keys win over its own
///    `role_arn`, so roles chain; a cycle is an error (a profile may name itself as its
///    source when it has static keys). `mfa_serial` is refused: a worker has no terminal
///    to type a code in.
/// 2. `web_identity_token_file` with `role_arn`: STS `AssumeRoleWithWebIdentity`.
/// 3. `aws_access_key_id` and `aws_secret_access_key` (with `aws_session_token`).
/// 4. `credential_process` (see ``ProcessCredentialProvider``).
///
/// Temporary credentials of every hop are cached and refreshed `refreshMargin` seconds
/// before they expire. A configuration mistake is a `.failed` ``CredentialProviderError``
/// whose message names the profile and the setting to fix.
public final class ProfileCredentialProvider: CredentialProvider {
    public var name: String { "profile \(profileName)" }
    /// The profile this provider resolves.
    public let profileName: String
    private let files: SharedConfigFiles
    private let environment: AWSEnvironment
    private let http: HTTPClient
    private let configuration: AWSConfiguration
    private let now: @Sendable () -> Date
    private let refreshMargin: TimeInterval
    private let processTimeout: Duration
    /// The resolved provider tree, built on first use and kept so cached hops survive.
    private let resolved = Locked<(any CredentialProvider)?>(nil)

    /// - Parameters:
    ///   - environment: `AWS_PROFILE` (else `AWS_DEFAULT_PROFILE`, else `default`) picks
    ///     the profile; the variables are also the environment of `credential_process`.
    ///   - files: the parsed shared files.
    ///   - configuration: region and endpoints for STS (`AWS_ENDPOINT_URL_STS`, ...).
    ///   - http: the transport for STS, the container endpoint and instance metadata.
    ///   - profile: a profile other than the environment's.
    ///   - refreshMargin: seconds before expiry at which temporary credentials are renewed.
    ///   - processTimeout: how long a `credential_process` may run.
    ///   - now: the clock for expiry and the default session name, injected for tests.
    public init(
        environment: AWSEnvironment, files: SharedConfigFiles, configuration: AWSConfiguration, http: HTTPClient, profile: String? = nil,
        refreshMargin: TimeInterval = 300, processTimeout: Duration = .seconds(120), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.profileName = profile ?? environment.profileName
        self.files = files
        self.environment = environment
        self.http = http
        self.configuration = configuration
        self.refreshMargin = refreshMargin
        self.processTimeout = processTimeout
        self.now = now
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        let provider: any CredentialProvider
        if let existing = resolved.withLock({ $0 }) {
            provider = existing
        } else {
            let built = try resolveTop()
            provider = resolved.withLock { value in
                if let value { return value }
                value = built
                return built
            }
        }
        return try await provider.credentials()
    }

    // MARK: Resolution

    private func resolveTop() throws(CredentialProviderError) -> any CredentialProvider {
        guard let profile = files.profile(profileName) else {
            let where_ =
                files.filesRead.isEmpty
                ? "no shared config files were found (\(environment.credentialsFilePath), \(environment.configFilePath))"
                : "not in \(files.filesRead.joined(separator: " or ")) (in the config file a profile is [profile NAME], in the credentials file [NAME])"
            throw CredentialProviderError(environment["AWS_PROFILE"] == nil ? .notConfigured : .failed, provider: name, "profile \"\(profileName)\" is \(where_)")
        }
        if Self.has(profile, "role_arn") && !Self.has(profile, "web_identity_token_file") {
            return try assumeRole(profileName, profile, visited: [profileName])
        }
        if let provider = try webIdentity(profileName, profile) { return provider }
        if Self.hasStaticKeys(profile) { return try staticKeys(profileName, profile) }
        if let provider = process(profileName, profile) { return provider }
        throw CredentialProviderError(
            .notConfigured, provider: name,
            "profile \"\(profileName)\" has no aws_access_key_id, role_arn, credential_process or web_identity_token_file")
    }

    /// A source profile, as botocore's `_resolve_credentials_from_profile`: static keys
    /// first, then its role, then its other settings.
    private func resolveSource(_ profileName: String, referencedBy parent: String, visited: [String]) throws(CredentialProviderError) -> any CredentialProvider {
        let profile = files.profile(profileName) ?? [:]
        if Self.hasStaticKeys(profile) { return try staticKeys(profileName, profile) }
        if Self.has(profile, "role_arn") && !Self.has(profile, "web_identity_token_file") {
            return try assumeRole(profileName, profile, visited: visited)
        }
        if let provider = try webIdentity(profileName, profile) { return provider }
        if let provider = process(profileName, profile) { return provider }
        throw CredentialProviderError(
            .failed, provider: name,
            "the source_profile \"\(profileName)\" of profile \"\(parent)\" has no credentials: give it aws_access_key_id and aws_secret_access_key, credential_process or role_arn")
    }

    private static let credentialSources = ["Environment", "Ec2InstanceMetadata", "EcsContainer"]

    private func assumeRole(_ profileName: String, _ profile: [String: String], visited: [String]) throws(CredentialProviderError) -> any CredentialProvider {
        let roleARN = profile["role_arn"] ?? ""
        let setting = "profile \"\(profileName)\""
        if let serial = Self.value(profile, "mfa_serial") {
            throw CredentialProviderError(
                .failed, provider: name,
                "\(setting) sets mfa_serial = \(serial) for role \(roleARN), but a worker has no terminal to enter an MFA code: remove mfa_serial and use a role whose trust policy does not require MFA, or give the worker temporary credentials made with an MFA code elsewhere")
        }
        let sourceProfile = Self.value(profile, "source_profile")
        let credentialSource = Self.value(profile, "credential_source")
        var durationSeconds: Int?
        if let text = Self.value(profile, "duration_seconds") {
            guard let value = Int(text), (900...43200).contains(value) else {
                throw CredentialProviderError(
                    .failed, provider: name, "\(setting) has duration_seconds = \(text): give a whole number of seconds from 900 to 43200 (at most the role's maximum session duration)")
            }
            durationSeconds = value
        }
        let source: any CredentialProvider
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw CredentialProviderError(.failed, provider: name, "\(setting) sets both source_profile and credential_source for role_arn: keep only one")
        case (nil, nil):
            throw CredentialProviderError(
                .failed, provider: name, "\(setting) sets role_arn but neither source_profile nor credential_source: add source_profile = NAME or credential_source = Environment, Ec2InstanceMetadata or EcsContainer")
        case (nil, let sourceName?):
            guard let canonical = Self.credentialSources.first(where: { $0.lowercased() == sourceName.lowercased() }) else {
                throw CredentialProviderError(
                    .failed, provider: name, "\(setting) has credential_source = \(sourceName), which is not valid: use Environment, Ec2InstanceMetadata or EcsContainer")
            }
            let base: any CredentialProvider
            switch canonical {
            case "Environment": base = EnvironmentCredentialProvider(environment: environment)
            case "Ec2InstanceMetadata": base = InstanceMetadataCredentialProvider(environment: environment, http: http)
            default: base = ContainerCredentialProvider(environment: environment, http: http)
            }
            source = cached(base)
        case (let sourceName?, nil):
            guard let sourceSettings = files.profile(sourceName) else {
                throw CredentialProviderError(
                    .failed, provider: name, "the source_profile \"\(sourceName)\" of \(setting) does not exist in \(files.filesRead.joined(separator: " or ")): add it or fix the name")
            }
            if visited.contains(sourceName) && !(sourceName == profileName && Self.hasStaticKeys(sourceSettings)) {
                throw CredentialProviderError(
                    .failed, provider: name, "the source_profile settings form a cycle: \((visited + [sourceName]).joined(separator: " → ")); end the chain at a profile with keys or a credential_source")
            }
            source = try resolveSource(sourceName, referencedBy: profileName, visited: visited + [sourceName])
        }
        let stsTarget = try STSClient.endpoint(configuration: configuration, environment: environment, profile: files.profile(self.profileName))
        return cached(
            AssumeRoleCredentialProvider(
                roleARN: roleARN, source: source, sessionName: Self.value(profile, "role_session_name"), durationSeconds: durationSeconds,
                externalID: Self.value(profile, "external_id"), profile: profileName, configuration: configuration, stsEndpoint: stsTarget, http: http, now: now))
    }

    private func webIdentity(_ profileName: String, _ profile: [String: String]) throws(CredentialProviderError) -> (any CredentialProvider)? {
        guard let tokenFile = Self.value(profile, "web_identity_token_file") else { return nil }
        guard let roleARN = Self.value(profile, "role_arn") else {
            throw CredentialProviderError(.failed, provider: name, "profile \"\(profileName)\" sets web_identity_token_file but not role_arn: add the role to assume")
        }
        return cached(
            WebIdentityCredentialProvider(
                tokenFile: environment.expand(tokenFile), roleARN: roleARN, sessionName: Self.value(profile, "role_session_name"),
                configuration: configuration, http: http))
    }

    private func staticKeys(_ profileName: String, _ profile: [String: String]) throws(CredentialProviderError) -> any CredentialProvider {
        guard let keyID = Self.value(profile, "aws_access_key_id") else {
            throw CredentialProviderError(.failed, provider: name, "profile \"\(profileName)\" sets aws_secret_access_key but not aws_access_key_id: set both")
        }
        guard let secret = Self.value(profile, "aws_secret_access_key") else {
            throw CredentialProviderError(.failed, provider: name, "profile \"\(profileName)\" sets aws_access_key_id but not aws_secret_access_key: set both")
        }
        return StaticCredentialProvider(AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: Self.value(profile, "aws_session_token")))
    }

    private func process(_ profileName: String, _ profile: [String: String]) -> (any CredentialProvider)? {
        guard let command = Self.value(profile, "credential_process") else { return nil }
        return cached(ProcessCredentialProvider(command: command, profile: profileName, environment: environment.variables, timeout: processTimeout))
    }

    private func cached(_ provider: any CredentialProvider) -> any CredentialProvider {
        CachingCredentialProvider(provider, refreshMargin: refreshMargin, now: now)
    }

    private static func value(_ profile: [String: String], _ key: String) -> String? {
        guard let value = profile[key], !value.isEmpty else { return nil }
        return value
    }

    private static func has(_ profile: [String: String], _ key: String) -> Bool { value(profile, key) != nil }

    private static func hasStaticKeys(_ profile: [String: String]) -> Bool {
        has(profile, "aws_access_key_id") || has(profile, "aws_secret_access_key")
    }
}
