import Foundation
import MediaWorkerSigning

/// The JSON shape of container and instance-metadata credentials:
/// `{"AccessKeyId","SecretAccessKey","Token","Expiration"}`.
struct TemporaryCredentialsJSON: Decodable {
    var AccessKeyId: String
    var SecretAccessKey: String
    var Token: String?
    var Expiration: String?
    var Code: String?
    var Message: String?

    static func decode(_ body: [UInt8], provider: String) throws(CredentialProviderError) -> AWSCredentials {
        let parsed: TemporaryCredentialsJSON
        do {
            parsed = try JSONDecoder().decode(TemporaryCredentialsJSON.self, from: Data(body))
        } catch {
            throw CredentialProviderError(.failed, provider: provider, "the credentials response is not the expected JSON (AccessKeyId, SecretAccessKey, Token, Expiration)")
        }
        if let code = parsed.Code, code != "Success" {
            throw CredentialProviderError(.failed, provider: provider, "the endpoint answered \(code): \(parsed.Message ?? "")")
        }
        var expiration: Date?
        if let text = parsed.Expiration {
            guard let date = SigV4Timestamp.parse(text) else {
                throw CredentialProviderError(.failed, provider: provider, "the credentials' Expiration \"\(text)\" is not an ISO 8601 time")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: parsed.AccessKeyId, secretAccessKey: parsed.SecretAccessKey, sessionToken: parsed.Token, expiration: expiration)
    }
}
