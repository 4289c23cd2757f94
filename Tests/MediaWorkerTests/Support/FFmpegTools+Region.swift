import Foundation

extension FFmpegTools {
    /// ffmpeg's average PSNR (dB, 100 for identical) of the `crop` region (`w:h:x:y`) of two
    /// files' video, over the seconds `from`..<`to` of each (the whole file without them).
    static func regionPSNR(_ a: String, _ b: String, crop: String, from: Double? = nil, to: Double? = nil) async throws -> Double {
        var trim = ""
        if from != nil || to != nil {
            let bounds = [from.map { "start=\($0)" }, to.map { "end=\($0)" }].compactMap { $0 }.joined(separator: ":")
            trim = "trim=\(bounds),setpts=PTS-STARTPTS,"
        }
        let graph = "[0:v]\(trim)crop=\(crop),format=yuv420p[a];[1:v]\(trim)crop=\(crop),format=yuv420p[b];[a][b]psnr"
        let result = try await blocking { try ProcessRunner.runBlocking("/usr/bin/ffmpeg", ["-nostdin", "-i", a, "-i", b, "-lavfi", graph, "-f", "null", "-"]) }
        guard let range = result.stderr.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else {
            throw TestTools.Missing(description: "no PSNR from ffmpeg: \(result.stderr.suffix(400))")
        }
        let value = result.stderr[range].dropFirst("average:".count)
        return value == "inf" ? 100 : Double(value) ?? 0
    }
}
