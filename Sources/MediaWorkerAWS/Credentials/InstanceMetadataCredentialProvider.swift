public import MediaWorkerSigning
public import MediaWorkerHTTP
import MediaWorkerSupport

/// EC2 instance-role credentials through IMDSv2: a session token from
/// `PUT /latest/api/token`, then the role's credentials. `AWS_EC2_METADATA_DISABLED=true`
/// turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let name = "instance metadata (IMDSv2)"
    private let endpoint: String
    private let disabled: Bool
    private let http: HTTPClient

    public init(environment: AWSEnvironment, http: HTTPClient) {
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.disabled = environment.flag("AWS_EC2_METADATA_DISABLED")
        self.http = http
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        if disabled {
            throw CredentialProviderError(.notConfigured, provider: name, "AWS_EC2_METADATA_DISABLED is set")
        }
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try await http.execute(HTTPRequest(
                method: "PUT", url: endpoint + "/latest/api/token",
                headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")], timeout: .seconds(1)))
        } catch {
            // No metadata service: not on EC2.
            throw CredentialProviderError(.notConfigured, provider: name, "no instance metadata service at \(endpoint) (\(error.code))")
        }
        guard tokenResponse.isSuccess else {
            throw CredentialProviderError(.failed, provider: name, "the IMDSv2 token request answered HTTP \(tokenResponse.status)")
        }
        let token = tokenResponse.bodyText
        let headers = [HTTPHeader("X-aws-ec2-metadata-token", token)]
        let base = endpoint + "/latest/meta-data/iam/security-credentials/"
        do {
            let roleResponse = try await http.execute(HTTPRequest(method: "GET", url: base, headers: headers, timeout: .seconds(2)))
            guard roleResponse.isSuccess else {
                throw CredentialProviderError(.failed, provider: name, "the instance has no IAM role attached (HTTP \(roleResponse.status))")
            }
            guard let role = roleResponse.bodyText.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
                throw CredentialProviderError(.failed, provider: name, "the instance has no IAM role attached")
            }
            let credentialsResponse = try await http.execute(HTTPRequest(method: "GET", url: base + role, headers: headers, timeout: .seconds(2)))
            guard credentialsResponse.isSuccess else {
                throw CredentialProviderError(.failed, provider: name, "reading the credentials of role \(role) answered HTTP \(credentialsResponse.status)")
            }
            return try TemporaryCredentialsJSON.decode(credentialsResponse.body, provider: name)
        } catch let error as CredentialProviderError {
            throw error
        } catch let error as HTTPClientError {
            throw CredentialProviderError(.failed, provider: name, "the instance metadata service stopped answering: \(error.message)")
        } catch {
            throw CredentialProviderError(.failed, provider: name, "\(error)")
        }
    }
}
