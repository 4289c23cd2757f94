import Foundation
import MediaWorkerSigning
import Testing

@Suite("Signer behaviour")
struct SignerBehaviourTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "super-secret-value", sessionToken: "session-token-value")

    @Test("presigned URLs live 1 s to 7 days")
    func presignExpiryBounds() throws {
        let signer = SigV4Signer(credentials: Self.credentials, configuration: .init(service: "s3", region: "eu-west-1"))
        let request = SignableRequest(method: "GET", host: "b.s3.eu-west-1.amazonaws.com", path: "/k")
        #expect(throws: SigningError.self) { try signer.presign(request, expires: 604_801, date: Date()) }
        #expect(throws: SigningError.self) { try signer.presign(request, expires: 0, date: Date()) }
        let url = try signer.presign(request, expires: 604_800, date: Date()).request.url
        #expect(url.contains("X-Amz-Expires=604800"))
        #expect(url.contains("X-Amz-Security-Token=session-token-value"))
    }

    @Test("the signing key is derived once per day, region and service")
    func signingKeyCache() {
        let cache = SigningKeyCache(capacity: 4)
        let signer = SigV4Signer(credentials: Self.credentials, configuration: .init(service: "sqs", region: "us-east-1"), keyCache: cache)
        let request = SignableRequest(method: "GET", host: "sqs.us-east-1.amazonaws.com", path: "/")
        let day = Date(timeIntervalSince1970: 1_700_000_000)
        _ = signer.signHeaders(request, payload: .empty, date: day)
        _ = signer.signHeaders(request, payload: .empty, date: day.addingTimeInterval(60))
        #expect(cache.count == 1)
        _ = signer.signHeaders(request, payload: .empty, date: day.addingTimeInterval(86_400))
        #expect(cache.count == 2)
        let cached = cache.signingKey(secret: Self.credentials.secretAccessKey, date: "20231114", region: "us-east-1", service: "sqs")
        #expect(cached == SigV4Signer.deriveSigningKey(secret: Self.credentials.secretAccessKey, date: "20231114", region: "us-east-1", service: "sqs"))
    }

    @Test("S3 paths are encoded once and not normalized; other services encode twice and normalize")
    func pathRules() {
        let s3 = SigV4Signer(credentials: Self.credentials, configuration: .init(service: "s3", region: "us-east-1"))
        let other = SigV4Signer(credentials: Self.credentials, configuration: .init(service: "execute-api", region: "us-east-1"))
        let wire = "/bucket/a%20b/../c+d%2Be"
        #expect(s3.canonicalPath(wire) == wire)
        #expect(other.canonicalPath(wire) == "/bucket/c%2Bd%252Be")
    }

    @Test("secrets never appear in descriptions, dumps or interpolation")
    func credentialsAreRedacted() {
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        for text in [String(describing: Self.credentials), String(reflecting: Self.credentials), "\(Self.credentials)", dumped] {
            #expect(!text.contains("super-secret-value"))
            #expect(!text.contains("session-token-value"))
            #expect(text.contains("AKIDEXAMPLE"))
        }
    }

    @Test("percent decoding: form keys decode + then %XX once")
    func decoding() {
        #expect(SigV4Encoding.decode("sub+dir%2Fa%2Bb+c%26d%3D%C3%A9%281%29.mp4", plusAsSpace: true) == "sub dir/a+b c&d=é(1).mp4")
        #expect(SigV4Encoding.decode("100%") == "100%")
        #expect(SigV4Encoding.encode("a b/ü~", keepSlash: true) == "a%20b/%C3%BC~")
    }
}
