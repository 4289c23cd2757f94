import Foundation
public import MediaWorkerSigning
public import MediaWorkerHTTP
import MediaWorkerSupport

/// Credentials from the container credentials endpoint: ECS task roles
/// (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`) and EKS Pod Identity or other agents
/// (`AWS_CONTAINER_CREDENTIALS_FULL_URI` with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// or `AWS_CONTAINER_AUTHORIZATION_TOKEN`).
public struct ContainerCredentialProvider: CredentialProvider {
    public let name = "container"
    private let environment: AWSEnvironment
    private let http: HTTPClient

    /// The ECS agent's address for relative URIs.
    public static let ecsHost = "http://169.254.170.2"
    /// Hosts a full URI over plain HTTP may name (as the SDKs allow).
    public static let allowedHTTPHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]

    public init(environment: AWSEnvironment, http: HTTPClient) {
        self.environment = environment
        self.http = http
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = Self.ecsHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            guard let endpoint = AWSEndpoint(url: full) else {
                throw CredentialProviderError(.failed, provider: name, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL")
            }
            let host = endpoint.host.hasPrefix("[") ? endpoint.host : endpoint.host.lowercased()
            guard endpoint.scheme == "https" || Self.allowedHTTPHosts.contains(host) || host.hasPrefix("127.") else {
                throw CredentialProviderError(.failed, provider: name, "AWS_CONTAINER_CREDENTIALS_FULL_URI over plain http must name a loopback or container-agent address, not \(endpoint.host)")
            }
            url = full
        } else {
            throw CredentialProviderError(.notConfigured, provider: name, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set")
        }
        var headers: [HTTPHeader] = [HTTPHeader("Accept", "application/json")]
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            // Re-read each time: the agent rotates the file.
            guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CredentialProviderError(.failed, provider: name, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile)")
            }
            headers.append(HTTPHeader("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            headers.append(HTTPHeader("Authorization", token))
        }
        let response: HTTPResponse
        do {
            response = try await http.execute(HTTPRequest(method: "GET", url: url, headers: headers, timeout: .seconds(5)))
        } catch {
            throw CredentialProviderError(.failed, provider: name, "the container credentials endpoint did not answer: \(error.message)")
        }
        guard response.isSuccess else {
            throw CredentialProviderError(.failed, provider: name, "the container credentials endpoint answered HTTP \(response.status): check the authorization token and the task/pod role")
        }
        return try TemporaryCredentialsJSON.decode(response.body, provider: name)
    }
}
