import Foundation
import MediaWorkerPipeline
import Testing

/// The worker on SeaweedFS as an operator would run it there: storage is a `weed server -s3`
/// (signatures checked), and the filer's `notification.webhook` POSTs its metadata events to
/// the worker's `/seaweedfs/events`. Uploads are made with boto3, the delivery bucket is read
/// back with boto3.
@Suite("Worker end to end on SeaweedFS with the filer's webhook", .serialized)
struct SeaweedFSWorkerTests {
    @Test("boto3 uploads (a multipart one, spaces and unicode in keys) are delivered from the filer's webhook events; a corrupt one fails visibly")
    func filerWebhook() async throws {
        _ = try TestTools.weed()
        let port = ManagedServer.freePort()
        let token = "filer-webhook-token"
        let seaweed = try await blocking {
            try SeaweedFSServer.start(
                name: "seaweedfs-worker", webhook: SeaweedFSServer.Webhook(url: "http://127.0.0.1:\(port)/seaweedfs/events", bearerToken: token))
        }
        defer { seaweed.server.stop() }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let stack = WorkerStack(
            endpoint: seaweed.endpoint, credentials: SeaweedFSServer.credentials, watch: "watch-\(suffix)", delivery: "delivery-\(suffix)", queueURL: "",
            deadLetterURL: "", work: try TestTools.temporaryDirectory("mw-work"))
        _ = try await stack.boto(["mkbucket", stack.watch])
        _ = try await stack.boto(["mkbucket", stack.delivery])
        let worker = try await stack.start(
            ["WEBHOOK_LISTEN": "127.0.0.1:\(port)", "WEBHOOK_TOKEN": token, "WORKER_ID": "seaweed", "MAX_ATTEMPTS": "1"], name: "worker-seaweedfs")
        defer { worker.server.stop() }

        let corpus = MediaCorpus.shared
        // Over boto3's 8 MiB multipart threshold: a CompleteMultipartUpload on the gateway.
        let long = stack.work.appendingPathComponent("long.mp4").path
        try await FFmpegTools.run(["-stream_loop", "2", "-i", try await corpus.path("h264_aac.mp4"), "-c", "copy", "-movflags", "+faststart", long])
        #expect(((try FileManager.default.attributesOfItem(atPath: long)[.size] as? NSNumber)?.intValue ?? 0) > 8 << 20)
        let srt = stack.work.appendingPathComponent("captions.srt")
        try Data("1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n".utf8).write(to: srt)
        let uploads: [(String, String)] = [
            (try await corpus.path("three_seconds.mp4"), "inputs/course/lesson one.mp4"),
            (try await corpus.path("three_seconds.mp4"), "inputs/été/clip.mp4"),
            (long, "inputs/long talk.mp4"),
            (try await corpus.path("audio.mp3"), "inputs/song.mp3"),
            (srt.path, "inputs/captions.srt"),
            (try await corpus.path("random_bytes.mp4"), "inputs/broken.mp4"),
            (try await corpus.path("three_seconds.mp4"), "other/outside.mp4"),
        ]
        for (file, key) in uploads { try await stack.upload(file, key: key) }

        let reports = ["json/course/lesson one.json", "json/été/clip.json", "json/long talk.json", "json/song.json", "json/captions.srt.json", "json/broken.json"]
        // Only to stop a hung test: the events arrive as the filer sends them.
        let delivered = try await RunningWorker.wait(600) {
            let keys = Set(try await stack.keys())
            return reports.allSatisfy { keys.contains($0) } || !worker.isAlive
        }
        #expect(delivered, "\(worker.log.suffix(4000))")
        let keys = try await stack.keys()
        let expected = [
            "original/course/lesson one.mp4", "audiovideo/course/lesson one_360p.mp4", "thumbnail/course/lesson one.jpg", "json/course/lesson one.json",
            "original/été/clip.mp4", "audiovideo/été/clip_360p.mp4", "thumbnail/été/clip.jpg", "json/été/clip.json",
            "original/long talk.mp4", "audiovideo/long talk_360p.mp4", "audiovideo/long talk_480p.mp4", "audiovideo/long talk_720p.mp4",
            "thumbnail/long talk.jpg", "json/long talk.json",
            "original/song.mp3", "audiovideo/song.mp3", "json/song.json",
            "original/captions.srt", "closed-caption/captions.vtt", "json/captions.srt.json",
            "original/broken.mp4", "json/broken.json",
        ].sorted()
        #expect(keys == expected, "\(worker.log.suffix(3000))")

        for report in reports.dropLast() {
            let document = try await stack.report(report)
            #expect(document.status == .complete, "\(report): \(document.status)")
        }
        let lesson = try await stack.report("json/course/lesson one.json")
        #expect(lesson.input.key == "inputs/course/lesson one.mp4")
        #expect(lesson.input.etag?.isEmpty == false)
        let talk = try await stack.report("json/long talk.json")
        // The multipart upload's ETag (MD5 of the parts' MD5s, "-2") is the one the event named.
        #expect(talk.input.etag?.hasSuffix("-2") == true, "\(String(describing: talk.input.etag))")
        let rendition = try await stack.download("audiovideo/long talk_720p.mp4")
        let video = try #require(try await FFmpegTools.streams(rendition.path).first { $0["codec_type"] as? String == "video" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["width"] as? Int == 1280 && video["height"] as? Int == 720)
        let duration = Double((try await FFmpegTools.probe(rendition.path)["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
        #expect(abs(duration - 30) < 0.5, "duration \(duration)")
        let vtt = String(decoding: try Data(contentsOf: try await stack.download("closed-caption/captions.vtt")), as: UTF8.self)
        #expect(vtt.hasPrefix("WEBVTT") && vtt.contains("Hello there"))
        let original = try await stack.download("original/song.mp3")
        #expect(FileManager.default.contentsEqual(atPath: original.path, andPath: try await corpus.path("audio.mp3")))
        let broken = try await stack.report("json/broken.json")
        #expect(broken.status == .failed)

        // The worker's own writes to the delivery bucket are filer events too: skipped, they
        // start no job. Nothing was written for the key outside inputs/.
        #expect(!keys.contains { $0.contains("outside") })
        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(600) { !worker.isAlive })
        // Every event came through /seaweedfs/events; each upload ran one job; the multipart
        // one was named as such from the entry's upload id.
        let log = worker.log
        #expect(log.contains("source=seaweedfs"))
        #expect(log.contains("event=ObjectCreated:CompleteMultipartUpload key=\(stack.watch)/inputs/long talk.mp4 "))
        for (_, key) in uploads.dropLast(2) {
            let jobs = log.split(separator: "\n").filter { $0.contains("key=\(stack.watch)/\(key) ") && $0.contains("outcome=completed") }
            #expect(jobs.count == 1, "\(key): \(jobs.count) completed jobs")
        }
        #expect(!log.split(separator: "\n").contains { $0.contains("other/outside.mp4") && $0.contains("outcome=completed") })
    }
}
