import Foundation
import MediaWorkerPipeline
import Testing

/// A package whose segment cannot be stored: the fault proxy fails every PUT of one segment
/// between the worker and the store, and the bucket, listed by boto3, holds no manifest.
@Suite("A failed package leaves no manifest pointing at missing segments")
struct FailedPackageTests {
    @Test("every PUT of one TS segment fails: other segments are stored, no playlist and no thumbnails track is, the record says failed and names the segment")
    func segmentFails() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let port = ManagedServer.freePort()
        let proxy = try await blocking {
            try ManagedServer(
                name: "fault-proxy-segment", command: ["python3", TestTools.helper("fault_proxy.py"), String(port), moto.endpoint], port: port, timeout: 600,
                ready: { ManagedServer.isListening($0) })
        }
        defer { proxy.stop() }
        // One attempt: the first failure is final, so the record is written.
        var stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials, maxReceiveCount: 1)
        stack = WorkerStack(
            endpoint: proxy.endpoint, credentials: stack.credentials, watch: stack.watch, delivery: stack.delivery, queueURL: stack.queueURL,
            deadLetterURL: stack.deadLetterURL, work: stack.work)
        let templateFile = stack.work.appendingPathComponent("hls-thumbnails.json")
        let source = try await HLSPackageTests.source()
        // The caption sidecar the template names, outside the watched prefix.
        try await stack.upload(((source as NSString).deletingLastPathComponent as NSString).appendingPathComponent("clip.srt"), key: "assets/clip.srt")
        let settings = HLSPackageTests.templateText(HLSPackageTests.cases[0], captions: "s3://\(stack.watch)/assets/clip.srt")
        try Data("{\"Settings\": \(settings), \(ThumbnailTrackTests.member)}".utf8).write(to: templateFile)
        try await stack.upload(source, key: "inputs/clip.mp4")
        let segment = "clip_180p_00002.ts"
        let armed = try await ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-X", "POST", "--data-binary", #"{"mode": "500", "count": 1000, "method": "PUT", "path": "\#(segment)"}"#, proxy.endpoint + "/__fault"])
        #expect(armed.stdout == "armed")
        let run = try await stack.drain(["JOB_TEMPLATE": templateFile.path])

        let stats = try await ProcessRunner.run("/usr/bin/curl", ["-s", proxy.endpoint + "/__stats"])
        let faults = (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["faults"] as? Int ?? 0
        #expect(faults > 0, "the segment's PUT was never tried: \(stats.stdout) \(run.stderr.suffix(2000))")
        let keys = try await stack.keys()
        #expect(keys.contains { $0.hasSuffix(".ts") }, "other segments went up before the failure was final: \(keys)")
        #expect(!keys.contains { $0.hasSuffix(segment) }, "\(keys)")
        // Playlists and the thumbnails track (WebVTT caption segments are segments).
        let manifests = keys.filter { $0.hasSuffix(".m3u8") || $0.hasSuffix(".mpd") || $0.hasSuffix("_thumbnails.vtt") }
        #expect(manifests.isEmpty, "manifests stored although a segment is missing: \(manifests)")

        let report = try await stack.report("json/clip.json")
        #expect(report.status == .failed)
        #expect(report.error?.code == .deliveryFailed, "\(String(describing: report.error))")
        let message = report.error?.message ?? ""
        #expect(message.contains(segment) && message.contains("no manifest"), "\(message)")
        #expect(!report.outputs.contains { $0.role == .playlist || $0.role == .thumbnailTrack }, "\(report.outputs.map(\.path))")
    }
}
