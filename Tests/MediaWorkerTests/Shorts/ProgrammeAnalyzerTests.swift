import Foundation
import MediaWorkerMedia
import Testing

/// The shorts analysis pass on generated programmes whose shots, moving subject and loudness
/// are known; loudness is checked against ffmpeg's own ebur128 filter.
@Suite("Shorts analysis pass")
struct ProgrammeAnalyzerTests {
    static func make(_ name: String, _ arguments: [String]) async throws -> String {
        let path = try TestTools.temporaryDirectory("mw-analysis").appendingPathComponent(name).path
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error"] + arguments + [path])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    /// The analysis of `path`, on its own thread (it decodes the whole file).
    static func analyse(_ path: String) async throws -> ProgrammeMeasurements {
        try await blocking { try ProgrammeAnalyzer.analyse(.file(path)) }
    }

    /// Three shots (flat blue 0–2 s, testsrc2 2–4 s, a white box moving right over grey 4–7 s);
    /// a 1 kHz tone, 20 dB quieter after 3.5 s.
    static func programme() async throws -> String {
        try await make("shots.mp4", [
            "-f", "lavfi", "-i", "color=c=0x2040a0:size=640x360:rate=25:duration=2",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=2",
            "-f", "lavfi", "-i", "color=c=0x303030:size=640x360:rate=25:duration=3",
            "-f", "lavfi", "-i", "color=c=white:size=40x40:rate=25:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=7",
            "-filter_complex", "[2][3]overlay=x='40+t*150':y=160:shortest=1[moving];[0][1][moving]concat=n=3:v=1:a=0[v];[4]volume='if(lt(t,3.5),1,0.1)':eval=frame[a]",
            "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k",
        ])
    }

    @Test("shot cuts are found where the shots change, to one analysed frame, and nowhere else")
    func cuts() async throws {
        let measured = try await Self.analyse(try await Self.programme())
        #expect(measured.rate == 5 && measured.width == 640 && measured.height == 360)
        #expect(abs(measured.duration - 7) < 0.1)
        #expect(measured.frames.count >= 34 && measured.frames.count <= 36, "\(measured.frames.count) frames")
        #expect(measured.shotCuts.count == 2, "\(measured.shotCuts)")
        if measured.shotCuts.count == 2 {
            #expect(abs(measured.shotCuts[0] - 2) <= 0.21 && abs(measured.shotCuts[1] - 4) <= 0.21, "\(measured.shotCuts)")
        }
        // The flat first shot does not move; the others do.
        #expect(measured.frames.filter { $0.time > 0.1 && $0.time < 1.9 }.allSatisfy { $0.motion < 0.002 && $0.moving == nil })
    }

    @Test("the moving region follows the white box across its shot")
    func movingSubject() async throws {
        let measured = try await Self.analyse(try await Self.programme())
        let shot = measured.frames.filter { $0.time >= 4.3 && $0.time <= 6.8 }
        #expect(shot.count >= 11)
        for frame in shot {
            let box = try #require(frame.moving, "no moving region at \(frame.time) s")
            // The box's centre a half frame earlier: the region spans where it was and is.
            let expected = (40 + (frame.time - 4 - 0.1) * 150 + 20) / 640
            #expect(abs(box[0] - expected) < 0.06, "at \(frame.time) s: \(box[0]) against \(expected)")
            #expect(abs(box[1] - 180.0 / 360) < 0.06)
        }
    }

    @Test("momentary loudness agrees with ffmpeg's ebur128 within 1 LU on both levels")
    func loudness() async throws {
        let path = try await Self.programme()
        let measured = try await Self.analyse(path)
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-hide_banner", "-i", path, "-vn", "-af", "ebur128=framelog=info", "-f", "null", "-"])
        var reference: [(Double, Double)] = []
        let pattern = try Regex(#"t:\s*([0-9.]+)\s.*M:\s*(-?[0-9.]+)"#)
        for line in result.stderr.split(separator: "\n") {
            if let match = try pattern.firstMatch(in: String(line)), let t = Double(String(match.output[1].substring ?? "")),
                let m = Double(String(match.output[2].substring ?? ""))
            {
                reference.append((t, m))
            }
        }
        try #require(reference.count > 50, "ebur128 printed \(reference.count) values")
        for time in [1.5, 2.5, 5.0, 6.0] {
            // ffmpeg's M is the 400 ms ending at t; ours is centred on the sample.
            let ffmpeg = try #require(reference.min { abs($0.0 - (time + 0.2)) < abs($1.0 - (time + 0.2)) }).1
            let ours = measured.loudness[Int(time * measured.rate)]
            #expect(abs(ours - ffmpeg) <= 1, "at \(time) s: \(ours) LUFS, ffmpeg \(ffmpeg)")
        }
        #expect(measured.loudness[Int(1.5 * 5)] - measured.loudness[Int(5.5 * 5)] > 18)
    }

    @Test("speech activity: low for a steady tone and for noise, high for a voice-band sound with syllable-rate modulation")
    func speech() async throws {
        let tone = "0.3*sin(2*PI*440*t)"
        let voice = "0.3*(0.5+0.5*sin(2*PI*4*t))*(sin(2*PI*140*t)+0.6*sin(2*PI*280*t)+0.5*sin(2*PI*700*t)+0.4*sin(2*PI*1200*t)+0.3*sin(2*PI*2400*t))/2.8"
        let noise = "0.3*(2*random(0)-1)"
        let path = try await Self.make("speech.mp4", [
            "-f", "lavfi", "-i", "color=c=gray:size=320x180:rate=25:duration=9",
            "-f", "lavfi", "-i", "aevalsrc='if(lt(t,3),\(tone),if(lt(t,6),\(voice),\(noise)))':s=48000:d=9",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le", "-f", "matroska",
        ])
        let measured = try await Self.analyse(path)
        func mean(_ range: ClosedRange<Double>) -> Double {
            let values = measured.speech.enumerated().filter { range.contains(Double($0.offset) / 5) }.map(\.element)
            return values.reduce(0, +) / Double(max(1, values.count))
        }
        #expect(mean(0.8...2.2) < 0.2, "tone \(mean(0.8...2.2))")
        #expect(mean(3.8...5.2) > 0.5, "voice-like \(mean(3.8...5.2))")
        #expect(mean(6.8...8.2) < 0.2, "noise \(mean(6.8...8.2))")
    }
}
