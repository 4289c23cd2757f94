import Foundation
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// The worked examples of the AWS S3 SigV4 documentation (bucket `examplebucket`, 2013-05-24).
@Suite("S3 SigV4 documentation examples")
struct S3ExampleTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = SigV4Timestamp.parse("20130524T000000Z")!
    static let signer = SigV4Signer(credentials: credentials, configuration: .init(service: "s3", region: "us-east-1"), keyCache: SigningKeyCache())
    static let host = "examplebucket.s3.amazonaws.com"

    @Test("GET object with Range")
    func getObject() {
        let request = SignableRequest(method: "GET", host: Self.host, path: "/test.txt", headers: [HTTPHeader("Range", "bytes=0-9")])
        let result = Self.signer.signHeaders(request, payload: .empty, date: Self.date)
        #expect(result.stringToSign.hasSuffix("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(result.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(result.request.header("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("PUT object (key encoded once: test$file.text)")
    func putObject() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let request = SignableRequest(
            method: "PUT", host: Self.host, path: "/" + SigV4Encoding.encode("test$file.text", keepSlash: true),
            headers: [HTTPHeader("Date", "Fri, 24 May 2013 00:00:00 GMT"), HTTPHeader("x-amz-storage-class", "REDUCED_REDUNDANCY")])
        let result = Self.signer.signHeaders(request, payload: .of(body), date: Self.date)
        #expect(result.canonicalRequest.split(separator: "\n")[1] == "/test%24file.text")
        #expect(result.request.header("x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(result.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET bucket lifecycle (valueless query parameter)")
    func getLifecycle() {
        let request = SignableRequest(method: "GET", host: Self.host, path: "/", query: [QueryItem("lifecycle")])
        let result = Self.signer.signHeaders(request, payload: .empty, date: Self.date)
        #expect(result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "lifecycle=")
        #expect(result.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("ListObjects (sorted query)")
    func listObjects() {
        let request = SignableRequest(method: "GET", host: Self.host, path: "/", query: [QueryItem("max-keys", "2"), QueryItem("prefix", "J")])
        let result = Self.signer.signHeaders(request, payload: .empty, date: Self.date)
        #expect(result.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("presigned URL, 86400 seconds")
    func presignedURL() throws {
        let request = SignableRequest(method: "GET", host: Self.host, path: "/test.txt")
        let result = try Self.signer.presign(request, expires: 86400, payload: .unsigned, date: Self.date)
        #expect(result.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(result.request.url == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=86400&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test("chunked upload: seed, chunk and final signatures, encoded length")
    func chunkedUpload() {
        let request = SignableRequest(
            method: "PUT", host: "s3.amazonaws.com", path: "/examplebucket/chunkObject.txt",
            headers: [
                HTTPHeader("x-amz-storage-class", "REDUCED_REDUNDANCY"), HTTPHeader("Content-Encoding", "aws-chunked"),
                HTTPHeader("x-amz-decoded-content-length", "66560"), HTTPHeader("Content-Length", "66824"),
            ])
        let seed = Self.signer.signHeaders(request, payload: .streaming, date: Self.date)
        #expect(seed.signature == "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
        var encoder = AWSChunkedEncoder(signer: Self.signer, seed: seed)
        let first = [UInt8](repeating: UInt8(ascii: "a"), count: 65536)
        let second = [UInt8](repeating: UInt8(ascii: "a"), count: 1024)
        let header1 = first.withUnsafeBytes { encoder.chunkHeader(for: $0) }
        #expect(String(decoding: header1, as: UTF8.self) == "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n")
        let header2 = second.withUnsafeBytes { encoder.chunkHeader(for: $0) }
        #expect(String(decoding: header2, as: UTF8.self) == "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n")
        #expect(String(decoding: encoder.finalChunk(), as: UTF8.self) == "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n")
        #expect(AWSChunkedEncoder.encodedLength(decodedLength: 66560, chunkSize: 65536) == 66824)
    }
}
