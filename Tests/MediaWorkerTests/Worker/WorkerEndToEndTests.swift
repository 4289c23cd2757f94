import Foundation
import MediaWorkerPipeline
import Testing

/// The worker as operators run it: `setup`, uploads made with boto3, `run --drain`, and the
/// delivery bucket read back with boto3 and checked with ffprobe. On moto (signatures
/// checked) and on LocalStack (keys with spaces and unicode, which moto's signature mode
/// refuses even from boto3).
@Suite("Worker end to end", .serialized)
struct WorkerEndToEndTests {
    enum Backend: String, CaseIterable, Sendable { case moto, localstack }

    static func stack(_ backend: Backend, maxReceiveCount: Int = 2) async throws -> WorkerStack {
        switch backend {
        case .moto:
            let moto = try await SharedServers.shared.motoWithAuth()
            return try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials, maxReceiveCount: maxReceiveCount)
        case .localstack:
            let localstack = try await SharedServers.shared.localStack()
            return try await WorkerStack.make(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials, maxReceiveCount: maxReceiveCount)
        }
    }

    @Test("Every kind of upload is delivered; the corrupt one fails visibly and is dead-lettered", arguments: Backend.allCases)
    func deliversEveryKind(backend: Backend) async throws {
        let stack = try await Self.stack(backend)
        // setup is idempotent: a second run keeps the queues and the notification.
        let again = try await stack.rerunSetup()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("export QUEUE_URL=\(stack.queueURL)"))
        let clipName = backend == .localstack ? "my clip été" : "clip"
        let corpus = MediaCorpus.shared
        let junk = stack.work.appendingPathComponent("partial.bin")
        try Data(repeating: 7, count: 1000).write(to: junk)
        let srt = stack.work.appendingPathComponent("captions.srt")
        try Data("1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n".utf8).write(to: srt)
        let uploads: [(String, String)] = [
            (try await corpus.path("three_seconds.mp4"), "inputs/\(clipName).mp4"),
            (try await corpus.path("three_seconds.mp4"), "inputs/show/season1/episode.mp4"),
            (try await corpus.path("audio.mp3"), "inputs/song.mp3"),
            (try await corpus.path("audio.wav"), "inputs/voice.wav"),
            (srt.path, "inputs/captions.srt"),
            (srt.path, "inputs/show/season1/episode.srt"),
            (junk.path, "inputs/big.mp4.CHUNK0"),
            (try await corpus.path("random_bytes.mp4"), "inputs/broken.mp4"),
            (try await corpus.path("three_seconds.mp4"), "other/outside.mp4"),
        ]
        for (file, key) in uploads { try await stack.upload(file, key: key) }

        let run = try await stack.drain()
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")

        let expected = [
            "original/\(clipName).mp4", "audiovideo/\(clipName)_360p.mp4", "json/\(clipName).json", "thumbnail/\(clipName).jpg",
            "original/show/season1/episode.mp4", "audiovideo/show/season1/episode_360p.mp4", "json/show/season1/episode.json",
            "thumbnail/show/season1/episode.jpg",
            "original/show/season1/episode.srt", "closed-caption/show/season1/episode.vtt", "json/show/season1/episode.srt.json",
            "original/song.mp3", "audiovideo/song.mp3", "json/song.json",
            "original/voice.wav", "audiovideo/voice.m4a", "json/voice.json",
            "original/captions.srt", "closed-caption/captions.vtt", "json/captions.srt.json",
            "original/broken.mp4", "json/broken.json",
        ].sorted()
        #expect(try await stack.keys() == expected)

        let clip = try await stack.report("json/\(clipName).json")
        #expect(clip.status == .complete)
        #expect(clip.input.key == "inputs/\(clipName).mp4")
        #expect(clip.input.etag?.isEmpty == false)
        #expect(clip.outputs.map(\.path).sorted() == ["audiovideo/\(clipName)_360p.mp4", "original/\(clipName).mp4", "thumbnail/\(clipName).jpg"])
        let rendition = try #require(clip.outputs.first { $0.role == .rendition })
        #expect(rendition.crc32c?.count == 8)
        #expect(rendition.contentType == "video/mp4")
        #expect(clip.timings?.total != nil)
        let renditionFile = try await stack.download("audiovideo/\(clipName)_360p.mp4")
        let video = try #require(try await FFmpegTools.streams(renditionFile.path).first { $0["codec_type"] as? String == "video" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["width"] as? Int == 640 && video["height"] as? Int == 360)
        #expect((try FileManager.default.attributesOfItem(atPath: renditionFile.path)[.size] as? NSNumber)?.int64Value == rendition.bytes)

        let audio = try await FFmpegTools.streams(try await stack.download("audiovideo/voice.m4a").path)
        #expect(audio.first?["codec_name"] as? String == "aac")
        let mp3 = try await stack.download("audiovideo/song.mp3")
        #expect(try Data(contentsOf: mp3) == Data(contentsOf: URL(fileURLWithPath: try await corpus.path("audio.mp3"))))
        let vtt = try String(contentsOf: try await stack.download("closed-caption/captions.vtt"), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT") && vtt.contains("00:00:01.000 --> 00:00:02.500") && vtt.contains("Hello there"))

        // A video and its captions under one name keep separate metadata.
        #expect(try await stack.report("json/show/season1/episode.json").kind == "video")
        #expect(try await stack.report("json/show/season1/episode.srt.json").kind == "captions")

        let broken = try await stack.report("json/broken.json")
        #expect(broken.status == .failed)
        #expect(broken.attempt == 2)
        #expect(broken.error?.message.isEmpty == false)
        let dead = try await stack.drainQueue(stack.deadLetterURL)
        #expect(dead.count == 1)
        #expect(dead.first?.contains("broken.mp4") == true)
        #expect(try await stack.drainQueue(stack.queueURL).isEmpty)
        #expect(run.stderr.contains("plupload partial"))
        // Temp files are gone.
        let jobs = try FileManager.default.contentsOfDirectory(atPath: stack.work.appendingPathComponent("w").path).filter { $0.hasPrefix("jobs-") }
        for folder in jobs {
            #expect(try FileManager.default.contentsOfDirectory(atPath: stack.work.appendingPathComponent("w/\(folder)").path).isEmpty)
        }
    }

    @Test("The same event three times gives one set of outputs, each written once")
    func duplicates() async throws {
        let stack = try await Self.stack(.moto)
        try await stack.upload(try await MediaCorpus.shared.path("three_seconds.mp4"), key: "inputs/dup.mp4")
        let first = try await stack.drain()
        #expect(first.status == 0, "\(first.stderr.suffix(2000))")
        let before = try await stack.report("json/dup.json")
        #expect(before.status == .complete)
        // Replay the original event twice more, plus the Put event a multipart upload's
        // CompleteMultipartUpload would duplicate.
        let etag = try #require(before.input.etag)
        for name in ["ObjectCreated:Put", "ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload"] {
            try await stack.send(Self.event(bucket: stack.watch, key: "inputs%2Fdup.mp4", etag: etag, name: name))
        }
        // A garbled message among them goes to the dead-letter queue; the worker goes on.
        try await stack.send("this is not an S3 event")
        let second = try await stack.drain(["CONCURRENCY": "3"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("dead-lettering an undecodable message"))
        #expect(try await stack.drainQueue(stack.deadLetterURL) == ["this is not an S3 event"])
        #expect(second.stderr.components(separatedBy: "already says COMPLETE").count - 1 == 3, "\(second.stderr.suffix(2000))")
        #expect(!second.stderr.contains("outcome=completed"))
        let after = try await stack.report("json/dup.json")
        #expect(after == before)
        #expect(try await stack.keys() == ["audiovideo/dup_360p.mp4", "json/dup.json", "original/dup.mp4", "thumbnail/dup.jpg"])
    }

    @Test("Three copies of a new event received together are processed once")
    func simultaneousDuplicates() async throws {
        let stack = try await Self.stack(.moto)
        // Setup's notification sends the real event; two more copies join it.
        try await stack.upload(try await MediaCorpus.shared.path("three_seconds.mp4"), key: "inputs/triple.mp4")
        let head = try await stack.drainQueue(stack.queueURL)
        let event = try #require(head.first { $0.contains("triple.mp4") })
        for _ in 0..<3 { try await stack.send(event) }
        let run = try await stack.drain(["CONCURRENCY": "3"])
        #expect(run.status == 0)
        #expect(run.stderr.components(separatedBy: "outcome=completed").count - 1 == 1, "\(run.stderr.suffix(3000))")
        #expect(run.stderr.components(separatedBy: "already says COMPLETE").count - 1 == 2)
        #expect(try await stack.report("json/triple.json").status == .complete)
    }

    @Test("An older event arriving after a newer upload of the same key never overwrites its outputs")
    func olderEventLoses() async throws {
        let stack = try await Self.stack(.moto)
        let corpus = MediaCorpus.shared
        try await stack.upload(try await corpus.path("three_seconds.mp4"), key: "inputs/re.mp4")
        let oldETag = try await stack.etag("inputs/re.mp4")
        try await stack.upload(try await corpus.path("no_audio.mp4"), key: "inputs/re.mp4")
        let newETag = try await stack.etag("inputs/re.mp4")
        #expect(oldETag != newETag)
        _ = try await stack.drainQueue(stack.queueURL)
        // The newer upload's event first, then the older one, late.
        try await stack.send(Self.event(bucket: stack.watch, key: "inputs/re.mp4", etag: newETag, name: "ObjectCreated:Put", sequencer: "0062E1A5B2C3D4E5F6"))
        try await stack.send(Self.event(bucket: stack.watch, key: "inputs/re.mp4", etag: oldETag, name: "ObjectCreated:Put", sequencer: "0062E1A5B2C3D4E5F5"))
        let run = try await stack.drain(["CONCURRENCY": "1"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("was replaced after this event"), "\(run.stderr.suffix(2000))")
        let report = try await stack.report("json/re.json")
        #expect(report.status == .complete && report.input.etag == newETag && report.input.sequencer == "0062E1A5B2C3D4E5F6")
        #expect(report.media?.audio.isEmpty == true, "the outputs are the newer (silent) upload's")
    }

    static func event(bucket: String, key: String, etag: String, name: String, sequencer: String? = nil) -> String {
        var object: [String: Any] = ["key": key, "size": 1, "eTag": etag]
        if let sequencer { object["sequencer"] = sequencer }
        let record: [String: Any] = [
            "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-11-21T12:00:00.000Z", "eventName": name,
            "s3": ["s3SchemaVersion": "1.0", "bucket": ["name": bucket, "arn": "arn:aws:s3:::\(bucket)"], "object": object],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: ["Records": [record]]), as: UTF8.self)
    }
}
