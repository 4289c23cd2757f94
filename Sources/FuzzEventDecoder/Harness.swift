import FuzzSupport
import MediaWorkerService

/// Queue message bodies: S3, SNS, EventBridge and MinIO events, and form-encoded keys.
func harness(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? EventDecoder.decode(text)
    _ = try? FormDecoding.decode(text)
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
