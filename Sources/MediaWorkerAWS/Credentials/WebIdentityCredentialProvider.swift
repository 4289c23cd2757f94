import Foundation
public import MediaWorkerSigning
public import MediaWorkerHTTP
import MediaWorkerXML
import MediaWorkerSupport

/// Exchanges a web identity token (EKS IRSA: `AWS_WEB_IDENTITY_TOKEN_FILE` and
/// `AWS_ROLE_ARN`) for temporary credentials with STS `AssumeRoleWithWebIdentity`.
/// The call is not signed: the token is the proof.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public let name = "web identity"
    private let tokenFile: String?
    private let roleARN: String?
    private let sessionName: String
    private let configuration: AWSConfiguration
    private let http: HTTPClient

    public init(tokenFile: String?, roleARN: String?, sessionName: String?, configuration: AWSConfiguration, http: HTTPClient) {
        self.tokenFile = tokenFile
        self.roleARN = roleARN
        self.sessionName = sessionName ?? "media-worker-\(Int(Date().timeIntervalSince1970))"
        self.configuration = configuration
        self.http = http
    }

    /// From `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`.
    public init(environment: AWSEnvironment, configuration: AWSConfiguration, http: HTTPClient) {
        self.init(
            tokenFile: environment["AWS_WEB_IDENTITY_TOKEN_FILE"], roleARN: environment["AWS_ROLE_ARN"],
            sessionName: environment["AWS_ROLE_SESSION_NAME"], configuration: configuration, http: http)
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        guard let tokenFile, let roleARN else {
            if tokenFile != nil || roleARN != nil {
                throw CredentialProviderError(.failed, provider: name, "set both AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN")
            }
            throw CredentialProviderError(.notConfigured, provider: name, "AWS_WEB_IDENTITY_TOKEN_FILE is not set")
        }
        guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw CredentialProviderError(.failed, provider: name, "cannot read the web identity token file \(tokenFile)")
        }
        let form = [
            QueryItem("Action", "AssumeRoleWithWebIdentity"), QueryItem("Version", "2011-06-15"),
            QueryItem("RoleArn", roleARN), QueryItem("RoleSessionName", sessionName),
            QueryItem("WebIdentityToken", token.trimmingCharacters(in: .whitespacesAndNewlines)),
        ].map { SigV4Encoding.encode($0.name) + "=" + SigV4Encoding.encode($0.value) }.joined(separator: "&")
        let endpoint = configuration.endpoint(for: "sts")
        let request = HTTPRequest(
            method: "POST", url: endpoint.url + "/",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: .bytes(Array(form.utf8)), timeout: .seconds(30))
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            throw CredentialProviderError(.failed, provider: name, "STS at \(endpoint) did not answer: \(error.message)")
        }
        guard response.isSuccess else {
            let detail = AWSServiceError.decode(response: response, service: "sts", operation: "AssumeRoleWithWebIdentity", resource: roleARN)
            throw CredentialProviderError(.failed, provider: name, "AssumeRoleWithWebIdentity for \(roleARN) failed: \(detail.code): \(detail.message)")
        }
        do {
            let root = try XMLTree.parse(response.body)
            guard let credentials = root.element(named: "AssumeRoleWithWebIdentityResult")?.element(named: "Credentials"),
                let keyID = credentials.text(of: "AccessKeyId"), let secret = credentials.text(of: "SecretAccessKey")
            else {
                throw CredentialProviderError(.failed, provider: name, "the STS response has no Credentials")
            }
            return AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: credentials.text(of: "SessionToken"),
                expiration: credentials.text(of: "Expiration").flatMap(SigV4Timestamp.parse))
        } catch let error as CredentialProviderError {
            throw error
        } catch {
            throw CredentialProviderError(.failed, provider: name, "the STS response is not valid XML: \(error)")
        }
    }
}
