import Foundation
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// The official AWS SigV4 test suite (aws-c-auth's `v4` cases), header and query variants.
@Suite("SigV4 test suite")
struct SigV4SuiteTests {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    static let caseNames: [String] = {
        let folder = Fixtures.url("aws-sigv4-test-suite/v4")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    struct Case {
        var context: Context
        var request: RawHTTPRequest
        var signer: SigV4Signer
        var date: Date
        var payload: PayloadHash

        init(_ name: String) throws {
            let base = "aws-sigv4-test-suite/v4/\(name)/"
            context = try JSONDecoder().decode(Context.self, from: Data(try Fixtures.text(base + "context.json").utf8))
            request = RawHTTPRequest(try Fixtures.text(base + "request.txt"))
            let credentials = AWSCredentials(
                accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token)
            signer = SigV4Signer(
                credentials: credentials,
                configuration: .init(
                    service: context.service, region: context.region, pathRules: .standard(normalize: context.normalize),
                    addContentSHA256Header: context.sign_body, omitSessionTokenFromSignature: context.omit_session_token ?? false),
                keyCache: SigningKeyCache())
            date = try #require(SigV4Timestamp.parse(context.timestamp))
            payload = PayloadHash.of(request.body)
        }

        var signable: SignableRequest {
            SignableRequest(
                method: request.method, host: request.headers.first { $0.name.lowercased() == "host" }!.value,
                path: request.path, query: request.query, headers: request.headers)
        }
    }

    @Test("the suite is complete")
    func suiteIsComplete() {
        // 38 cases, each checked twice (header and query) below.
        print("SigV4 test suite: \(Self.caseNames.count) cases x 2 variants (header, query)")
        #expect(Self.caseNames.count == 38)
    }

    @Test("header signing", arguments: caseNames)
    func headerSigning(_ name: String) throws {
        let testCase = try Case(name)
        let base = "aws-sigv4-test-suite/v4/\(name)/"
        let result = testCase.signer.signHeaders(testCase.signable, payload: testCase.payload, date: testCase.date)
        #expect(result.canonicalRequest == (try Fixtures.text(base + "header-canonical-request.txt")))
        #expect(result.stringToSign == (try Fixtures.text(base + "header-string-to-sign.txt")))
        #expect(result.signature == (try Fixtures.text(base + "header-signature.txt")).trimmingCharacters(in: .whitespaces))
        let expected = RawHTTPRequest(try Fixtures.text(base + "header-signed-request.txt"))
        let actual = RawHTTPRequest(method: result.request.method, path: result.request.path, query: result.request.query, headers: result.request.headers, body: testCase.request.body)
        #expect(actual.method == expected.method)
        #expect(actual.path == expected.path)
        #expect(actual.sortedQuery == expected.sortedQuery)
        #expect(actual.normalizedHeaders == expected.normalizedHeaders)
    }

    @Test("query signing (presigned)", arguments: caseNames)
    func querySigning(_ name: String) throws {
        let testCase = try Case(name)
        let base = "aws-sigv4-test-suite/v4/\(name)/"
        let result = try testCase.signer.presign(
            testCase.signable, expires: testCase.context.expiration_in_seconds, payload: testCase.payload, date: testCase.date)
        #expect(result.canonicalRequest == (try Fixtures.text(base + "query-canonical-request.txt")))
        #expect(result.stringToSign == (try Fixtures.text(base + "query-string-to-sign.txt")))
        #expect(result.signature == (try Fixtures.text(base + "query-signature.txt")).trimmingCharacters(in: .whitespaces))
        let expected = RawHTTPRequest(try Fixtures.text(base + "query-signed-request.txt"))
        #expect(result.request.path == expected.path)
        #expect(RawHTTPRequest(method: "", path: "", query: result.request.query, headers: [], body: []).sortedQuery == expected.sortedQuery)
        #expect(RawHTTPRequest(method: "", path: "", query: [], headers: result.request.headers, body: []).normalizedHeaders == expected.normalizedHeaders)
    }
}

extension RawHTTPRequest {
    init(method: String, path: String, query: [QueryItem], headers: [HTTPHeader], body: [UInt8]) {
        self.init("X / HTTP/1.1")
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}
