public import Foundation
public import MediaWorkerSigning
public import MediaWorkerHTTP

/// Temporary credentials of a role, from STS `AssumeRole` signed with a source provider's
/// credentials (a profile's `source_profile` or `credential_source`, as botocore resolves
/// `role_arn`). Each call assumes the role again: wrap it in a
/// ``CachingCredentialProvider`` (``ProfileCredentialProvider`` does) to do so only
/// shortly before the credentials expire.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public let name: String
    /// The role, `RoleSessionName`, `DurationSeconds` and `ExternalId` sent.
    public let request: STSClient.AssumeRoleRequest
    /// Where the source credentials come from.
    public let source: any CredentialProvider
    private let signing: AWSConfiguration
    private let endpoint: AWSEndpoint
    private let http: HTTPClient
    private let profile: String?

    /// The session name botocore uses when a profile names none: `botocore-session-<Unix time>`.
    public static func defaultSessionName(at date: Date) -> String {
        "botocore-session-\(Int(date.timeIntervalSince1970))"
    }

    /// - Parameters:
    ///   - roleARN: the role to assume.
    ///   - source: the credentials that sign the `AssumeRole` call.
    ///   - sessionName: `RoleSessionName`; nil for ``defaultSessionName(at:)`` of `now()`.
    ///   - durationSeconds: `DurationSeconds`; nil for STS's default of one hour.
    ///   - externalID: `ExternalId`.
    ///   - profile: the profile that configures the role, for messages.
    ///   - configuration: region and endpoints (`AWS_ENDPOINT_URL_STS`, ...).
    ///   - stsEndpoint: the STS endpoint and signing region; by default the configuration's.
    ///   - http: the transport.
    ///   - now: the clock for the default session name.
    public init(
        roleARN: String, source: any CredentialProvider, sessionName: String? = nil, durationSeconds: Int? = nil, externalID: String? = nil,
        profile: String? = nil, configuration: AWSConfiguration, stsEndpoint: (endpoint: AWSEndpoint, signingRegion: String)? = nil,
        http: HTTPClient, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        request = STSClient.AssumeRoleRequest(
            roleARN: roleARN, sessionName: sessionName ?? Self.defaultSessionName(at: now()), durationSeconds: durationSeconds, externalID: externalID)
        self.source = source
        self.profile = profile
        name = profile.map { "role \(roleARN) of profile \($0)" } ?? "role \(roleARN)"
        let target = stsEndpoint ?? (endpoint: configuration.endpoint(for: "sts"), signingRegion: configuration.region)
        var signing = configuration
        signing.region = target.signingRegion
        self.signing = signing
        endpoint = target.endpoint
        self.http = http
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        let role = request.roleARN
        let inProfile = profile.map { " (profile \"\($0)\")" } ?? ""
        // The source first, so its own errors are reported as such.
        let sourceCredentials: AWSCredentials
        do {
            sourceCredentials = try await source.credentials()
        } catch {
            throw CredentialProviderError(.failed, provider: name, "cannot assume \(role)\(inProfile): its source credentials (\(source.name)) failed: \(error.message)")
        }
        let sts = STSClient(aws: AWSClient(configuration: signing, credentialProvider: StaticCredentialProvider(sourceCredentials), http: http), endpoint: endpoint)
        do {
            return try await sts.assumeRole(request).credentials
        } catch let error as AWSServiceError {
            var hint: String
            switch error.code {
            case "AccessDenied", "AccessDeniedException":
                hint = "check that the role's trust policy allows the source identity (\(source.name)) to call sts:AssumeRole"
                hint += request.externalID == nil ? " and whether it requires an ExternalId (external_id)" : " with this external_id"
            case "ValidationError" where request.durationSeconds != nil:
                hint = "check duration_seconds against the role's maximum session duration and role_session_name (2-64 of [A-Za-z0-9+=,.@-])"
            case "ValidationError":
                hint = "check role_arn and role_session_name (2-64 of [A-Za-z0-9+=,.@-])"
            default:
                hint = error.hint ?? "check role_arn and the STS endpoint \(endpoint)"
            }
            throw CredentialProviderError(.failed, provider: name, "AssumeRole of \(role)\(inProfile) failed: \(error.code) (HTTP \(error.status)): \(error.message). \(hint)")
        } catch let error as HTTPClientError {
            throw CredentialProviderError(.failed, provider: name, "AssumeRole of \(role)\(inProfile): STS at \(sts.endpoint) did not answer: \(error.message)")
        } catch let error as CredentialProviderError {
            throw CredentialProviderError(.failed, provider: name, "cannot assume \(role)\(inProfile): \(error.message)")
        } catch {
            throw CredentialProviderError(.failed, provider: name, "AssumeRole of \(role)\(inProfile) failed: \(error)")
        }
    }
}
