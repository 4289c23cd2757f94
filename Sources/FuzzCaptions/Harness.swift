import FuzzSupport
import MediaWorkerCaptions

/// Caption files: SRT, WebVTT, SBV and TTML/DFXP (the first byte picks the format), text decoding included.
func harness(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let formats = ["captions.srt", "captions.vtt", "captions.sbv", "captions.ttml", "captions.dfxp"]
    _ = try? CaptionConverter.convert(Array(bytes.dropFirst()), fileName: formats[Int(selector) % formats.count])
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
