import FuzzSupport
import MediaWorkerJobs

/// Job templates: JSON parsing, validation and placeholders.
func harness(_ bytes: [UInt8]) {
    _ = try? JobTemplate.parse(bytes, name: "fuzz.json")
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
