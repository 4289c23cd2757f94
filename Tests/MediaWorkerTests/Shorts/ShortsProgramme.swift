import Testing

/// The 30 s programme the shorts end-to-end tests cut from, and its captions.
enum ShortsProgramme {
    /// 30 s at 640×360: 0–10 s a moving pattern, 10–20 s flat, 20–30 s a box moving over
    /// grey; a 500 Hz tone, loud 22–28 s.
    static func make(_ path: String) async throws {
        let made = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10",
            "-f", "lavfi", "-i", "color=c=0x2040a0:size=640x360:rate=25:duration=10",
            "-f", "lavfi", "-i", "color=c=0x303030:size=640x360:rate=25:duration=10",
            "-f", "lavfi", "-i", "color=c=white:size=40x40:rate=25:duration=10",
            "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000:duration=30",
            "-filter_complex", "[2][3]overlay=x='20+t*55':y=160:shortest=1[moving];[0][1][moving]concat=n=3:v=1:a=0[v];[4]volume='if(between(t,22,28),1,0.05)':eval=frame[a]",
            "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
        ])
        try #require(made.status == 0, "\(made.stderr)")
    }

    /// SRT: seven cues of 2.5 s, one every 4 s from 1 s ("Sentence number N.").
    static let captions: String = (0..<7).map { index in
        let start = index * 4 + 1
        return "\(index + 1)\n00:00:\(String(format: "%02d", start)),000 --> 00:00:\(String(format: "%02d", start + 2)),500\nSentence number \(index + 1).\n\n"
    }.joined()
}
