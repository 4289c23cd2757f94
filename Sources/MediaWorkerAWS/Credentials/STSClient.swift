import Foundation
public import MediaWorkerSigning
import MediaWorkerXML

/// AWS STS over its query protocol (form-encoded `Action=...`, XML answers), signed with
/// SigV4 by an ``AWSClient``: `AssumeRole` and `GetCallerIdentity`.
public final class STSClient: Sendable {
    /// The client that signs and sends (its credentials are the caller's).
    public let aws: AWSClient
    /// Where the calls go (see ``endpoint(configuration:environment:profile:)``).
    public let endpoint: AWSEndpoint

    /// - Parameter endpoint: the STS endpoint; by default the configuration's `sts` one.
    public init(aws: AWSClient, endpoint: AWSEndpoint? = nil) {
        self.aws = aws
        self.endpoint = endpoint ?? aws.configuration.endpoint(for: "sts")
    }

    /// The parameters of `AssumeRole`.
    public struct AssumeRoleRequest: Sendable, Equatable {
        /// `RoleArn`: the role to assume.
        public var roleARN: String
        /// `RoleSessionName`: names the session in the assumed role's ARN and in CloudTrail.
        public var sessionName: String
        /// `DurationSeconds` (900 to the role's maximum, at most 43200); nil for STS's default (3600).
        public var durationSeconds: Int?
        /// `ExternalId`, when the role's trust policy requires one.
        public var externalID: String?

        /// The parameters; nil ones are not sent.
        public init(roleARN: String, sessionName: String, durationSeconds: Int? = nil, externalID: String? = nil) {
            self.roleARN = roleARN
            self.sessionName = sessionName
            self.durationSeconds = durationSeconds
            self.externalID = externalID
        }
    }

    /// What `AssumeRole` answers.
    public struct AssumedRole: Sendable {
        /// The temporary credentials (with their expiration).
        public var credentials: AWSCredentials
        /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
        public var assumedRoleARN: String?
    }

    /// What `GetCallerIdentity` answers.
    public struct CallerIdentity: Sendable, Equatable {
        /// The account id.
        public var account: String
        /// The caller: `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, ...
        public var arn: String
        /// `AIDA...` for a user, `AROA...:SESSION` for an assumed role.
        public var userID: String
    }

    /// Calls `AssumeRole`. Throws ``AWSServiceError`` for an error answer (its `code`:
    /// `AccessDenied`, `ValidationError`, ...), ``HTTPClientError`` and
    /// ``CredentialProviderError`` as ``AWSClient/send(_:sink:retry:progress:)`` does.
    public func assumeRole(_ request: AssumeRoleRequest) async throws -> AssumedRole {
        var form = [("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", request.roleARN), ("RoleSessionName", request.sessionName)]
        if let duration = request.durationSeconds { form.append(("DurationSeconds", String(duration))) }
        if let externalID = request.externalID { form.append(("ExternalId", externalID)) }
        let root = try XMLTree.parse(try await call("AssumeRole", form, resource: request.roleARN))
        guard let result = root.element(named: "AssumeRoleResult"), let credentials = result.element(named: "Credentials"),
            let keyID = credentials.text(of: "AccessKeyId"), let secret = credentials.text(of: "SecretAccessKey")
        else {
            throw AWSServiceError(code: "InvalidResponse", message: "the AssumeRole answer has no Credentials", status: 200, service: "sts", operation: "AssumeRole", resource: request.roleARN)
        }
        let expiration = try credentials.text(of: "Expiration").map { (text: String) throws -> Date in
            guard let date = ISO8601Time.parse(text) else {
                throw AWSServiceError(
                    code: "InvalidResponse", message: "the AssumeRole answer's Expiration \"\(text)\" is not an ISO 8601 time", status: 200, service: "sts",
                    operation: "AssumeRole", resource: request.roleARN)
            }
            return date
        }
        return AssumedRole(
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: credentials.text(of: "SessionToken"), expiration: expiration),
            assumedRoleARN: result.element(named: "AssumedRoleUser")?.text(of: "Arn"))
    }

    /// Calls `GetCallerIdentity`: who the client's credentials belong to.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let root = try XMLTree.parse(try await call("GetCallerIdentity", [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")], resource: endpoint.url))
        guard let result = root.element(named: "GetCallerIdentityResult"), let arn = result.text(of: "Arn") else {
            throw AWSServiceError(code: "InvalidResponse", message: "the GetCallerIdentity answer has no Arn", status: 200, service: "sts", operation: "GetCallerIdentity", resource: endpoint.url)
        }
        return CallerIdentity(account: result.text(of: "Account") ?? "", arn: arn, userID: result.text(of: "UserId") ?? "")
    }

    private func call(_ operation: String, _ form: [(String, String)], resource: String) async throws -> [UInt8] {
        let body = form.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
        let request = AWSRequest(
            service: "sts", operation: operation, method: "POST", endpoint: endpoint, path: "/",
            headers: [.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: .bytes(Array(body.utf8)), resource: resource)
        return try await aws.send(request).body
    }

    /// `application/x-www-form-urlencoded` as the AWS SDKs write it.
    static func formEncode(_ text: String) -> String {
        SigV4Encoding.encode(text).replacingOccurrences(of: "%20", with: "+")
    }

    /// Regions whose STS calls go to the global endpoint with `sts_regional_endpoints = legacy`.
    public static let legacyGlobalRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1", "eu-central-1", "eu-north-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    /// The STS endpoint and signing region botocore would use: a configured endpoint
    /// (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, `sts.endpoint_url` / `endpoint_url` in the
    /// profile) wins; otherwise `sts_regional_endpoints` (`AWS_STS_REGIONAL_ENDPOINTS`, else
    /// the profile's setting, else `regional`) chooses between the region's endpoint and,
    /// for `legacy` in the regions of ``legacyGlobalRegions``, `https://sts.amazonaws.com`
    /// signed for us-east-1.
    public static func endpoint(
        configuration: AWSConfiguration, environment: AWSEnvironment, profile: [String: String]?
    ) throws(CredentialProviderError) -> (endpoint: AWSEndpoint, signingRegion: String) {
        let endpoint = configuration.endpoint(for: "sts")
        if endpoint.isCustom { return (endpoint, configuration.region) }
        let setting = environment["AWS_STS_REGIONAL_ENDPOINTS"] ?? profile?["sts_regional_endpoints"].flatMap { $0.isEmpty ? nil : $0 } ?? "regional"
        switch setting.lowercased() {
        case "regional":
            return (endpoint, configuration.region)
        case "legacy":
            guard legacyGlobalRegions.contains(configuration.region) else { return (endpoint, configuration.region) }
            return (AWSEndpoint(scheme: "https", host: "sts.amazonaws.com", isCustom: false), "us-east-1")
        default:
            throw CredentialProviderError(.failed, provider: "sts", "sts_regional_endpoints (or AWS_STS_REGIONAL_ENDPOINTS) is \"\(setting)\": set it to regional or legacy")
        }
    }
}
