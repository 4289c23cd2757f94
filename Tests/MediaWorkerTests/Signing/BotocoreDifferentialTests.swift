import Foundation
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// 1,200 randomized requests signed by media-worker and by botocore must give the same
/// signatures. Each side encodes the raw path and query itself.
@Suite("Differential signing against botocore")
struct BotocoreDifferentialTests {
    /// SplitMix64: a seeded generator, so a failing case can be reproduced.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Case {
        var service: String
        var region: String
        var method: String
        var scheme: String
        var host: String
        var path: String
        var query: [QueryItem]
        var headers: [HTTPHeader]
        var body: [UInt8]
        var timestamp: Int
        var credentials: AWSCredentials
        var expires: Int?

        var json: [String: Any] {
            var object: [String: Any] = [
                "service": service, "region": region, "method": method, "scheme": scheme, "host": host, "path": path,
                "query": query.map { [$0.name, $0.value] }, "headers": headers.map { [$0.name, $0.value] },
                "body": Hex.encode(body), "timestamp": timestamp, "access_key": credentials.accessKeyID,
                "secret": credentials.secretAccessKey,
            ]
            if let token = credentials.sessionToken { object["token"] = token }
            if let expires { object["expires"] = expires }
            return object
        }
    }

    static let keyPieces = ["my video", "ünïcödé", "a+b", "100%", "x=y", "a&b", "tilde~", "sp  ace", "(1)", "名前", "dir/", "sub dir/", "émoji🎬", "plain", "dots.and-dashes_", "semi;colon", "comma,", "quote'", "at@", "hash#", "q?mark", "star*", "excl!", "dollar$"]
    static let queryNames = ["prefix", "list-type", "max-keys", "delimiter", "continuation-token", "uploadId", "partNumber", "x-id", "versionId", "empty", "a b", "ünï", "+plus", "k=v"]
    static let queryValues = ["", "2", "J", "with space/", "a+b", "ünïcödé", "100%", "x=y&z", "~tilde", "/", "MTAw=="]
    static let headerNames = ["Content-Type", "x-amz-meta-title", "x-amz-meta-Multi", "Cache-Control", "Range", "x-amz-storage-class", "If-None-Match", "User-Agent", "Expect", "X-Custom-Header", "x-amz-server-side-encryption", "Content-MD5"]
    static let headerValues = ["video/mp4", "  leading and trailing  ", "a   b\tc", "bytes=0-9", "max-age=31536000, public", "\"etag-123\"", "100-continue", "ünï", "AES256", "plain"]

    static func makeCases(count: Int, seed: UInt64) -> [Case] {
        var random = SeededGenerator(state: seed)
        var cases: [Case] = []
        for index in 0..<count {
            let isS3 = index % 3 != 2
            let presign = isS3 && index % 5 == 0
            let service = isS3 ? "s3" : ["sqs", "sts", "mediaconvert", "execute-api"].randomElement(using: &random)!
            let region = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"].randomElement(using: &random)!
            let bucket = ["bucket", "media-watch", "my.bucket"].randomElement(using: &random)!
            var key = ""
            for _ in 0..<Int.random(in: 1...4, using: &random) { key += keyPieces.randomElement(using: &random)! }
            let path = isS3 ? "/\(bucket)/\(key)" : ["/", "/2017-08-29/jobs", "/queue/\(key)", "/a/./b/../c", "//double//slash/"].randomElement(using: &random)!
            var query: [QueryItem] = []
            var usedNames: Set<String> = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let name = queryNames.randomElement(using: &random)!
                // Presigned URLs cannot repeat a parameter (botocore folds repeats there).
                if presign && usedNames.contains(name) { continue }
                usedNames.insert(name)
                query.append(QueryItem(name, queryValues.randomElement(using: &random)!))
            }
            var headers: [HTTPHeader] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let name = headerNames.randomElement(using: &random)!
                if presign && (name == "Content-Type" || headers.contains { $0.name.lowercased() == name.lowercased() }) { continue }
                headers.append(HTTPHeader(name, headerValues.randomElement(using: &random)!))
            }
            let body: [UInt8] = presign ? [] : (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let token: String? = Bool.random(using: &random) ? "FwoGZXIvYXdzE" + String(index) + "/+=token" : nil
            cases.append(Case(
                service: service, region: region, method: presign ? ["GET", "PUT"].randomElement(using: &random)! : ["GET", "PUT", "POST", "DELETE", "HEAD"].randomElement(using: &random)!,
                scheme: Bool.random(using: &random) ? "https" : "http",
                host: isS3 ? "s3.\(region).amazonaws.com" : ["\(service).\(region).amazonaws.com", "127.0.0.1:4566", "localhost:9000"].randomElement(using: &random)!,
                path: path, query: query, headers: headers, body: body,
                timestamp: 1_600_000_000 + Int.random(in: 0...200_000_000, using: &random),
                credentials: AWSCredentials(accessKeyID: "AKIA" + String(index), secretAccessKey: "secret/+" + String(index * 7919), sessionToken: token),
                expires: presign ? Int.random(in: 1...604_800, using: &random) : nil))
        }
        return cases
    }

    @Test("media-worker and botocore sign 1,200 random requests identically")
    func differential() async throws {
        let cases = Self.makeCases(count: 1200, seed: 20_261_121)
        let directory = try TestTools.temporaryDirectory("differential")
        let input = directory.appendingPathComponent("cases.json")
        let output = directory.appendingPathComponent("results.json")
        try JSONSerialization.data(withJSONObject: cases.map(\.json)).write(to: input)
        let run = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("botocore_sign.py"), input.path, output.path])
        try #require(run.status == 0, "botocore_sign.py failed: \(run.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: String]])
        try #require(results.count == cases.count)
        var mismatches = 0
        var presigned = 0
        for (index, testCase) in cases.enumerated() {
            let encodedPath = SigV4Encoding.encode(testCase.path, keepSlash: true)
            let request = SignableRequest(method: testCase.method, scheme: testCase.scheme, host: testCase.host, path: encodedPath, query: testCase.query, headers: testCase.headers)
            let signer = SigV4Signer(credentials: testCase.credentials, configuration: .init(service: testCase.service, region: testCase.region))
            let date = Date(timeIntervalSince1970: TimeInterval(testCase.timestamp))
            let ours: String
            let theirs: String
            if let expires = testCase.expires {
                presigned += 1
                let url = try signer.presign(request, expires: expires, payload: .unsigned, date: date).request.url
                ours = Self.signature(in: url)
                theirs = Self.signature(in: results[index]["url"] ?? "")
            } else {
                ours = signer.signHeaders(request, payload: .of(testCase.body), date: date).request.header("Authorization") ?? ""
                theirs = results[index]["authorization"] ?? ""
            }
            if ours != theirs {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("case \(index) differs: \(testCase.method) \(testCase.scheme)://\(testCase.host)\(testCase.path) query=\(testCase.query) headers=\(testCase.headers)\n ours:     \(ours)\n botocore: \(theirs)")
                }
            }
        }
        print("botocore differential: \(cases.count) requests (\(presigned) presigned), \(mismatches) mismatches")
        #expect(mismatches == 0)
    }

    static func signature(in url: String) -> String {
        guard let range = url.range(of: "X-Amz-Signature=") else { return "" }
        return String(url[range.upperBound...].prefix { $0 != "&" })
    }
}
