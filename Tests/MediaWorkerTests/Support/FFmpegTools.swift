import Foundation

/// Debian's ffprobe and ffmpeg as independent references.
enum FFmpegTools {
    /// ffprobe's JSON for a file: format, streams and chapters.
    static func probe(_ path: String) async throws -> [String: Any] {
        let result = try await blocking { try ProcessRunner.runBlocking("/usr/bin/ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_chapters", path]) }
        guard result.status == 0, let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestTools.Missing(description: "ffprobe failed on \(path): \(result.stderr)")
        }
        return json
    }

    static func streams(_ path: String) async throws -> [[String: Any]] {
        try await probe(path)["streams"] as? [[String: Any]] ?? []
    }

    /// The average PSNR (dB) of `candidate` against `reference`, both scaled to `width`×`height`
    /// (bicubic) and compared in yuv420p.
    static func psnr(_ candidate: String, reference: String, width: Int, height: Int) async throws -> Double {
        let graph = "[0:v]scale=\(width):\(height):flags=bicubic,format=yuv420p[a];[1:v]scale=\(width):\(height):flags=bicubic,format=yuv420p[b];[a][b]psnr"
        let result = try await blocking { try ProcessRunner.runBlocking("/usr/bin/ffmpeg", ["-nostdin", "-i", candidate, "-i", reference, "-lavfi", graph, "-f", "null", "-"]) }
        guard let range = result.stderr.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else {
            throw TestTools.Missing(description: "no PSNR from ffmpeg: \(result.stderr.suffix(400))")
        }
        let value = result.stderr[range].dropFirst("average:".count)
        return value == "inf" ? 100 : Double(value) ?? 0
    }

    /// Runs ffmpeg with `arguments` (after `-y -loglevel error`).
    static func run(_ arguments: [String]) async throws {
        let result = try await blocking { try ProcessRunner.runBlocking("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error"] + arguments) }
        guard result.status == 0 else { throw TestTools.Missing(description: "ffmpeg \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
    }
}
