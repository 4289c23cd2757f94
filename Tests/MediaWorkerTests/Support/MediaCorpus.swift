import Foundation

/// The media corpus the media tests use, made once per test run with Debian's ffmpeg CLI
/// (an independent tool) from its synthetic sources: valid files of many kinds and broken ones.
actor MediaCorpus {
    static let shared = MediaCorpus()

    private var directory: Task<URL, any Error>?

    /// The valid files: name → ffmpeg arguments after `-y -loglevel error` (the output path is appended).
    static let valid: [(String, [String])] = [
        ("h264_aac.mp4", video("1280x720", 30, 10) + audio(44100, 2, 10) + ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-t", "10"]),
        ("hevc_aac.mkv", video("640x360", 25, 3) + audio(48000, 2, 3) + ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "3"]),
        ("vp9_opus.webm", video("320x240", 30, 3) + audio(48000, 2, 3) + ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k", "-c:a", "libopus", "-t", "3"]),
        ("prores_pcm.mov", video("320x240", 24, 2) + audio(48000, 2, 2) + ["-c:v", "prores_ks", "-profile:v", "2", "-c:a", "pcm_s16le", "-t", "2"]),
        ("mpeg2_mp2.ts", video("640x360", 25, 3) + audio(48000, 2, 3) + ["-c:v", "mpeg2video", "-b:v", "2M", "-c:a", "mp2", "-f", "mpegts", "-t", "3"]),
        ("odd_853x480.mp4", video("853x480", 30, 2) + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-t", "2"]),
        ("odd_1918x1080.mp4", video("1918x1080", 30, 2) + audio(48000, 2, 2) + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "2"]),
        ("anamorphic_720x576.mp4", video("720x576", 25, 3) + audio(48000, 2, 3) + ["-vf", "setsar=16/15", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "3"]),
        ("vfr.mp4", video("640x360", 30, 6) + ["-vf", "select='lt(mod(n\\,10)\\,6)'", "-vsync", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t", "6"]),
        ("interlaced_576i.mp4", video("720x576", 50, 3) + audio(48000, 2, 3) + ["-vf", "tinterlace=interleave_top,fieldorder=tff", "-c:v", "libx264", "-preset", "ultrafast", "-flags", "+ildct+ilme", "-x264-params", "tff=1", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "3"]),
        ("no_audio.mp4", video("640x360", 30, 3) + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t", "3"]),
        ("surround51.mp4", video("320x240", 30, 3) + ["-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000:duration=3,aformat=channel_layouts=5.1"] + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "3"]),
        ("short_half_second.mp4", video("320x240", 30, 0.5) + audio(48000, 2, 0.5) + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "0.5"]),
        ("three_seconds.mp4", video("640x360", 30, 3) + audio(48000, 2, 3) + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "3"]),
        ("audio.mp3", audio(44100, 2, 5) + ["-c:a", "libmp3lame", "-b:a", "128k", "-t", "5"]),
        ("audio.wav", audio(44100, 2, 5) + ["-c:a", "pcm_s16le", "-t", "5"]),
        ("audio.flac", audio(44100, 2, 5) + ["-c:a", "flac", "-t", "5"]),
        ("audio.m4a", audio(44100, 2, 5) + ["-c:a", "aac", "-b:a", "128k", "-t", "5"]),
        ("audio_opus.ogg", audio(48000, 2, 5) + ["-c:a", "libopus", "-t", "5"]),
    ]

    /// Files derived from another corpus file.
    static let derived: [(String, String, [String])] = [
        // Debian's ffmpeg 5.1 writes a display matrix only this way (stream copy).
        ("portrait_rotate90.mp4", "h264_aac.mp4", ["-c", "copy", "-metadata:s:v:0", "rotate=90"]),
        ("moov_at_end.mp4", "three_seconds.mp4", ["-c", "copy"]),
    ]

    static let videoFiles = ["h264_aac.mp4", "hevc_aac.mkv", "vp9_opus.webm", "prores_pcm.mov", "mpeg2_mp2.ts", "odd_853x480.mp4",
        "odd_1918x1080.mp4", "anamorphic_720x576.mp4", "vfr.mp4", "interlaced_576i.mp4", "no_audio.mp4", "surround51.mp4",
        "short_half_second.mp4", "three_seconds.mp4", "portrait_rotate90.mp4"]
    static let audioFiles = ["audio.mp3", "audio.wav", "audio.flac", "audio.m4a", "audio_opus.ogg"]
    static let brokenFiles = ["empty.mp4", "random_bytes.mp4", "truncated_before_moov.mp4", "text.mov", "png_image.mp4"]

    private static func video(_ size: String, _ rate: Int, _ seconds: Double) -> [String] {
        ["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=\(rate):duration=\(seconds)"]
    }

    private static func audio(_ rate: Int, _ channels: Int, _ seconds: Double) -> [String] {
        ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=\(rate):duration=\(seconds)", "-ac", String(channels)]
    }

    /// The path of a corpus file, making the corpus on first use.
    func path(_ name: String) async throws -> String {
        if directory == nil { directory = Task { try await blocking { try Self.make() } } }
        return try await directory!.value.appendingPathComponent(name).path
    }

    private static func make() throws -> URL {
        let folder = try TestTools.temporaryDirectory("mw-corpus")
        func ffmpeg(_ arguments: [String], output: String) throws {
            let result = try ProcessRunner.runBlocking("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error"] + arguments + [folder.appendingPathComponent(output).path])
            guard result.status == 0 else { throw TestTools.Missing(description: "ffmpeg could not make \(output): \(result.stderr)") }
        }
        for (name, arguments) in valid { try ffmpeg(arguments, output: name) }
        for (name, source, arguments) in derived {
            try ffmpeg(["-i", folder.appendingPathComponent(source).path] + arguments, output: name)
        }
        // Broken files.
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("empty.mp4").path, contents: Data())
        var generator = SeededGenerator(seed: 42)
        let random = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("random_bytes.mp4").path, contents: Data(random))
        let whole = try Data(contentsOf: folder.appendingPathComponent("moov_at_end.mp4"))
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("truncated_before_moov.mp4").path, contents: whole.prefix(whole.count * 6 / 10))
        let text = String(repeating: "This is a text file, not a QuickTime movie.\n", count: 200)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("text.mov").path, contents: Data(text.utf8))
        try ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1", "-f", "image2", "-c:v", "png"], output: "png_image.mp4")
        return folder
    }
}

/// A deterministic generator so broken files are the same in every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
