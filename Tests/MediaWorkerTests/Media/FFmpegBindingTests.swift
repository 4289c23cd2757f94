import MediaWorkerMedia
import Testing

@Suite("FFmpeg bindings")
struct FFmpegBindingTests {
    @Test("the linked libraries report versions, the encoders the pipeline needs exist, and AVERROR shims work")
    func bindings() {
        #expect(FFmpegLibraries.versions.hasPrefix("libavformat 59."))
        for encoder in ["libx264", "aac", "mjpeg"] {
            #expect(FFmpegLibraries.hasEncoder(encoder), "encoder \(encoder)")
        }
        #expect(FFmpegLibraries.noTimestamp == Int64.min)
        #expect(FFmpegLibraries.timeBase == 1_000_000)
        let error = FFmpegLibraries.error(errno: 2, function: "avformat_open_input")
        #expect(error.cause == -2)
        #expect(error.reason == "No such file or directory")
        #expect(!error.isEndOfFile)
    }
}
