import Foundation
import MediaWorkerService
import Testing

@Suite("Routing, key safety, configuration")
struct RoutingAndConfigurationTests {
    static func event(_ key: String, _ name: String = "ObjectCreated:Put") -> UploadEvent {
        UploadEvent(bucket: "watch", key: key, name: name)
    }

    @Test("Routes by event and extension", arguments: [
        ("inputs/a.mp4", "ObjectCreated:Put", "video"), ("inputs/a.MOV", "ObjectCreated:CompleteMultipartUpload", "video"),
        ("inputs/x/a.mp3", "ObjectCreated:Copy", "mp3"), ("inputs/a.wav", "ObjectCreated:Post", "audio"),
        ("inputs/a.flac", "ObjectCreated:Put", "audio"), ("inputs/a.srt", "ObjectCreated:Put", "captions"),
        ("inputs/a.dfxp", "ObjectCreated:Put", "captions"), ("inputs/a.sbv", "ObjectCreated:Put", "captions"),
        ("inputs/a.vtt", "ObjectCreated:Put", "captions"), ("inputs/a.ttml", "ObjectCreated:Put", "captions"),
        ("inputs/a.mp4.CHUNK0", "ObjectCreated:Put", "skip"), ("inputs/a.mp4.chunk12", "ObjectCreated:Put", "skip"),
        ("other/a.mp4", "ObjectCreated:Put", "skip"), ("inputs/", "ObjectCreated:Put", "skip"), ("inputs/folder/", "ObjectCreated:Put", "skip"),
        ("inputs/a.pdf", "ObjectCreated:Put", "skip"), ("inputs/a.mp4", "ObjectTagging:Put", "skip"),
        ("inputs/a.mp4", "ObjectAcl:Put", "skip"), ("inputs/a.mp4", "ObjectRestore:Completed", "skip"),
        ("inputs/a.mp4", "ObjectRemoved:Delete", "skip"),
    ])
    func routes(key: String, name: String, expected: String) {
        let route = UploadRouter().route(Self.event(key, name))
        switch route {
        case .video: #expect(expected == "video")
        case .mp3: #expect(expected == "mp3")
        case .audio: #expect(expected == "audio")
        case .captions: #expect(expected == "captions")
        case .probe: #expect(expected == "probe")
        case .skip(let reason):
            #expect(expected == "skip")
            #expect(!reason.isEmpty)
        }
    }

    @Test("Unknown types are probed when configured")
    func unknownTypes() {
        #expect(UploadRouter(processUnknownTypes: true).route(Self.event("inputs/a.bin")) == .probe)
        if case .skip(let reason) = UploadRouter().route(Self.event("inputs/a.bin")) {
            #expect(reason.contains("PROCESS_UNKNOWN_TYPES"))
        } else {
            Issue.record("a .bin upload was not skipped")
        }
    }

    @Test("Unsafe keys are refused", arguments: [
        "inputs/../etc/passwd", "inputs/./a.mp4", "/inputs/a.mp4", "inputs/a\u{0}b.mp4", "inputs/a\nb.mp4",
        "inputs/" + String(repeating: "a", count: 1020), "inputs/" + String(repeating: "b", count: 300) + "/a.mp4",
    ])
    func unsafeKeys(key: String) {
        #expect(KeySafety.problem(key) != nil)
    }

    @Test("Ordinary keys are safe", arguments: ["inputs/a.mp4", "inputs/sub dir/a+b c&d=é(1).mp4", "inputs/..hidden/a..b.mp4", "inputs//a.mp4"])
    func safeKeys(key: String) {
        #expect(KeySafety.problem(key) == nil)
    }

    @Test("Retries back off exponentially up to the cap")
    func retryDelays() {
        var retry = WorkerConfiguration.Retry()
        #expect((1...7).map { retry.delay(afterAttempt: $0) } == [30, 60, 120, 240, 480, 900, 900])
        retry.baseDelaySeconds = 0
        #expect(retry.delay(afterAttempt: 3) == 0)
    }

    @Test("The environment gives the configuration, flags and defaults")
    func environment() throws {
        let configuration = try WorkerConfiguration.fromEnvironment([
            "QUEUE_URL": "http://127.0.0.1:1/000/q", "DESTINATION_BUCKET": "out", "WATCH_PREFIX": "uploads", "CONCURRENCY": "4",
            "THUMBNAIL_SECONDS": "3.5", "PROCESS_UNKNOWN_TYPES": "yes", "MIN_FREE_DISK_MB": "100",
        ])
        #expect(configuration.queue == .sqs(url: "http://127.0.0.1:1/000/q"))
        #expect(configuration.destinationBucket == "out" && configuration.watchPrefix == "uploads/")
        #expect(configuration.concurrency == 4 && configuration.thumbnailSeconds == 3.5 && configuration.processUnknownTypes)
        #expect(configuration.work.minimumFreeBytes == 100 << 20)
        #expect(configuration.backend == .local && configuration.visibilityTimeout == 300 && configuration.waitSeconds == 20)
        let minio = try WorkerConfiguration.fromEnvironment(["REDIS_URL": "redis://127.0.0.1:6379", "DELIVERY_BUCKET": "out"])
        #expect(minio.queue == .redis(url: "redis://127.0.0.1:6379", key: "media-worker-events"))
        let webhook = try WorkerConfiguration.fromEnvironment(["WEBHOOK_LISTEN": "0.0.0.0:8080", "WEBHOOK_TOKEN": "t", "DESTINATION_BUCKET": "o"])
        #expect(webhook.queue == .webhook(host: "0.0.0.0", port: 8080, token: "t"))
    }

    @Test("Every problem is reported at once, each naming what to set")
    func problems() {
        do {
            _ = try WorkerConfiguration.fromEnvironment([
                "CONCURRENCY": "0", "BACKEND": "cloud", "THUMBNAIL_SECONDS": "soon", "DRAIN": "maybe", "JOB_TEMPLATE": "/nonexistent/job.json",
            ])
            Issue.record("an empty configuration was accepted")
        } catch {
            let text = error.description
            for expected in ["QUEUE_URL", "DESTINATION_BUCKET", "CONCURRENCY=0", "BACKEND=cloud", "THUMBNAIL_SECONDS=soon", "DRAIN=maybe", "JOB_TEMPLATE=/nonexistent"] {
                #expect(text.contains(expected), "\(expected) missing from: \(text)")
            }
        }
        do {
            _ = try WorkerConfiguration.fromEnvironment(["QUEUE_URL": "q", "DESTINATION_BUCKET": "o", "BACKEND": "mediaconvert"])
            Issue.record("mediaconvert without a role was accepted")
        } catch {
            #expect(error.description.contains("MEDIACONVERT_ROLE_ARN") && error.description.contains("JOB_TEMPLATE"))
        }
        do {
            _ = try WorkerConfiguration.fromEnvironment(["WEBHOOK_LISTEN": "0.0.0.0:80", "DESTINATION_BUCKET": "o"])
            Issue.record("a webhook without a token was accepted")
        } catch {
            #expect(error.description.contains("WEBHOOK_TOKEN"))
        }
    }
}
