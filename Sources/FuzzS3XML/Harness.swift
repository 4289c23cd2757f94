import FuzzSupport
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerS3
import MediaWorkerSupport

/// S3 answers: ListObjectsV2, notification configurations and error bodies (libxml2 underneath).
func harness(_ bytes: [UInt8]) {
    _ = try? S3ListPage.parse(bytes, location: "s3://fuzz/")
    _ = try? S3NotificationConfiguration.parse(bytes)
    let response = HTTPResponse(status: 403, headers: [HTTPHeader("Content-Type", "application/xml")], body: bytes)
    _ = AWSServiceError.decode(response: response, service: "s3", operation: "GetObject", resource: "s3://fuzz/key")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzReplay.input(data, size, harness)
}

#if !FUZZING
@main
struct Replay {
    static func main() { FuzzReplay.run(harness) }
}
#endif
