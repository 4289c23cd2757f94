import Foundation
import MediaWorkerPipeline
import MediaWorkerService
import Testing

@testable import MediaWorkerConsole

/// Re-run with another template, the plan preview, and the Redis and webhook-spool dead
/// letters, in the browser (the same serialized suite and fixture as ConsoleBrowserTests).
extension ConsoleBrowserTests {
    static func clip(_ name: String, size: String = "640x360") async throws -> URL {
        let file = try TestTools.temporaryDirectory("console-" + name).appendingPathComponent("clip.mp4")
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=\(size):r=25:d=2", "-f", "lavfi", "-i", "sine=f=440:d=2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file.path,
        ])
        return file
    }

    /// The first output's NameModifier of a template text.
    static func firstModifier(_ text: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let settings = object["Settings"] as? [String: Any] ?? object
        let groups = try #require(settings["OutputGroups"] as? [[String: Any]])
        let outputs = try #require(groups.first?["Outputs"] as? [[String: Any]])
        return try #require(outputs.first?["NameModifier"] as? String)
    }

    @Test("re-run a completed job with another template from its page: the worker replaces its outputs with the new template's; who asked is recorded and shown")
    func rerun() async throws {
        let fixture = try await ConsoleFixture.get()
        let key = "inputs/rerun/clip one.mp4"
        try await fixture.stack.upload(try await Self.clip("rerun").path, key: key)
        let first = try #require(try await fixture.finishedRecord(upload: key))
        #expect(first.status == .complete, "\(first)")
        // A second template: the current job.json with another name modifier.
        let current = try String(contentsOf: fixture.templates.appendingPathComponent("job.json"), encoding: .utf8)
        let modifier = try Self.firstModifier(current)
        let other = current.replacingOccurrences(of: "\"\(modifier)\"", with: "\"_rerun\"")
        #expect(other != current)
        // Put into the templates' bucket prefix: the worker and the console mirror it.
        _ = try await fixture.stack.boto(["put-bytes", fixture.stack.delivery, ConsoleFixture.templatePrefix + "rerun.json", other])
        #expect(try await RunningWorker.wait(600) { fixture.worker.log.contains("loaded rerun.json") }, "\(fixture.worker.log.suffix(2000))")
        let mirrored = fixture.consoleTemplates.appendingPathComponent("rerun.json").path
        #expect(try await RunningWorker.wait(600) { FileManager.default.fileExists(atPath: mirrored) })

        let recordKey = S3JobRecordStore.key(upload: key)
        let facts = try await fixture.browser("rerun", ["record": recordKey, "template": "rerun.json"])
        #expect((facts["choices"] as? [String] ?? []).contains("rerun.json") && facts["selected_before"] as? String == first.job?.template, "\(facts)")
        #expect((facts["result"] as? String ?? "").hasPrefix("done:"), "\(facts)")
        let shown = facts["rerun_text"] as? String ?? ""
        #expect(shown.contains("rerun.json") && shown.contains("olivia"), "\(facts)")
        #expect(facts["template_shown"] as? String == "rerun.json", "\(facts)")

        // What boto3 reads: the new record, the new outputs, none of the old ones but the original.
        let report = try await fixture.stack.report(recordKey)
        #expect(report.status == .complete && report.job?.template == "rerun.json", "\(report)")
        #expect(report.rerun?.template == "rerun.json" && report.rerun?.requestedBy == "olivia", "\(String(describing: report.rerun))")
        let keys = try await fixture.stack.keys()
        let renditions = report.outputs.filter { $0.role == .rendition }.map(\.path)
        #expect(!renditions.isEmpty && renditions.allSatisfy { $0.contains("_rerun") && keys.contains($0) }, "\(renditions)")
        let kept = Set(report.outputs.map(\.path))
        let gone = first.outputs.map(\.path).filter { !kept.contains($0) }
        #expect(!gone.isEmpty && gone.allSatisfy { !keys.contains($0) }, "still there: \(gone.filter { keys.contains($0) })")
        #expect(keys.contains(DeliveryLayout(key: key).original))
    }

    @Test("plan preview on the template page: the worker's planner for a chosen upload, an unsaved edit planned without saving, a broken edit refused")
    func planPreview() async throws {
        let fixture = try await ConsoleFixture.get()
        let key = "inputs/plan/clip.mp4"
        try await fixture.stack.upload(try await Self.clip("plan").path, key: key)
        let report = try #require(try await fixture.finishedRecord(upload: key))
        #expect(report.status == .complete, "\(report)")
        let recordKey = S3JobRecordStore.key(upload: key)
        let file = fixture.templates.appendingPathComponent("job.json")
        let text = try String(contentsOf: file, encoding: .utf8)

        // The saved template: the MP4 outputs it plans are the renditions the worker delivered.
        let facts = try await fixture.browser("plan", ["name": "job.json", "record": recordKey])
        #expect((facts["uploads"] as? [String] ?? []).contains(recordKey), "\(facts)")
        #expect(facts["state"] as? String == "shown", "\(facts)")
        let planned = (facts["outputs"] as? [[String]] ?? []).filter { $0.count == 3 && $0[1] == "mp4" }.map { $0[0] }
        let delivered = report.outputs.filter { $0.role == .rendition && $0.path.hasSuffix(".mp4") }.map(\.path)
        #expect(!planned.isEmpty && Set(planned) == Set(delivered), "planned \(planned), delivered \(delivered)")
        let request = facts["request"] as? String ?? ""
        #expect(request.contains("\"outputGroups\"") && request.contains(key.replacingOccurrences(of: "/", with: "\\/")) || request.contains(key), "\(request.prefix(400))")
        #expect(!request.contains("MediaWorker"))

        // An unsaved edit is planned as it stands in the editor; the file is not touched.
        let modifier = try Self.firstModifier(text)
        let edited = text.replacingOccurrences(of: "\"\(modifier)\"", with: "\"_preview\"")
        let preview = try await fixture.browser("plan", ["name": "job.json", "record": recordKey, "text": edited, "shot": "template-plan-edit"])
        #expect(preview["state"] as? String == "shown", "\(preview)")
        #expect((preview["outputs"] as? [[String]] ?? []).contains { ($0.first ?? "").contains("_preview") }, "\(preview)")
        #expect(try String(contentsOf: file, encoding: .utf8) == text)

        // A broken edit: refused with what to fix.
        let broken = try await fixture.browser(
            "plan", ["name": "job.json", "record": recordKey, "text": text.replacingOccurrences(of: "\"Height\"", with: "\"Height\": \"x\", \"Hite\""), "shot": "template-plan-refused"])
        #expect(broken["state"] as? String == "refused" && (broken["result"] as? String ?? "").contains("does not validate"), "\(broken)")
    }

    @Test("the Redis dead list and the webhook spool's dead folder are shown with their reasons, redriven from the page (one, and all of a box), and their jobs complete")
    func otherDeadLetters() async throws {
        let fixture = try await ConsoleFixture.get()
        let stack = fixture.stack
        let redisURL = "redis://127.0.0.1:\(fixture.redis.port)"
        let redisWorker = try await stack.start(
            ["REDIS_URL": redisURL, "REDIS_KEY": ConsoleFixture.redisKey, "WORK_DIR": stack.work.appendingPathComponent("redis-work").path, "MAX_ATTEMPTS": "1",
             "JOB_TEMPLATE": fixture.templates.appendingPathComponent("job.json").path],
            name: "console-redis-worker", removing: ["QUEUE_URL"])
        defer { redisWorker.server.stop() }
        let webhookWorker = try await stack.start(
            ["WEBHOOK_LISTEN": "127.0.0.1:\(ManagedServer.freePort())", "WEBHOOK_TOKEN": "console-test-token", "WORK_DIR": fixture.webhookWork.path, "MAX_ATTEMPTS": "1",
             "JOB_TEMPLATE": fixture.templates.appendingPathComponent("job.json").path],
            name: "console-webhook-worker", removing: ["QUEUE_URL"])
        defer { webhookWorker.server.stop() }

        // Two uploads, processed once by the SQS worker; their records are then removed, and
        // their events sit in the Redis dead list and in the spool's dead folder.
        let clip = try await Self.clip("dead-boxes", size: "320x180")
        let redisKey = "inputs/dead/redis one.mp4"
        let spoolKey = "inputs/dead/spool one.mp4"
        var first: [String: DeliveryReport] = [:]
        for key in [redisKey, spoolKey] {
            try await stack.upload(clip.path, key: key)
            let record = try #require(try await fixture.finishedRecord(upload: key))
            first[key] = record
            _ = try await stack.boto(["delete", stack.delivery, S3JobRecordStore.key(upload: key)])
        }
        let redisBody = RetryEvent.body(bucket: stack.watch, key: redisKey, size: first[redisKey]!.input.bytes, etag: try await stack.etag(redisKey))
        let redisID = RedisMessageSource.id(redisBody)
        for command in [["RPUSH", "\(ConsoleFixture.redisKey):dead", redisBody], ["HSET", "\(ConsoleFixture.redisKey):dead-reasons", redisID, "redis reason: the job failed on its last attempt"]] {
            let result = try await ProcessRunner.run("/usr/bin/redis-cli", ["-p", String(fixture.redis.port)] + command)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let spoolBody = RetryEvent.body(bucket: stack.watch, key: spoolKey, size: first[spoolKey]!.input.bytes, etag: try await stack.etag(spoolKey))
        let dead = fixture.spool.appendingPathComponent("dead/1764650000000000000-1.a1.json")
        try spoolBody.write(to: dead, atomically: true, encoding: .utf8)
        try "spool reason: the job failed on its last attempt".write(toFile: dead.path + ".reason", atomically: true, encoding: .utf8)

        // The Redis element with its row's Redrive, the spool's with the box's Redrive all.
        for (key, box, reason, all) in [(redisKey, "redis", "redis reason", false), (spoolKey, "spool", "spool reason", true)] {
            let facts = try await fixture.browser("deadletters", ["key": key, "all": all])
            #expect(facts["found"] as? Bool == true && facts["box"] as? String == box, "\(facts)")
            #expect((facts["reason"] as? String ?? "").contains(reason), "\(facts)")
            #expect(facts["state"] as? String == (all ? "redriven-all" : "redriven"), "\(facts)")
            if all { #expect(facts["result"] as? String == "redriven: 1", "\(facts)") }
            // Redriven: that box's worker runs the job again.
            let again = try #require(try await fixture.finishedRecord(upload: key))
            #expect(again.status == .complete && again.startedAt > first[key]!.startedAt, "\(again)")
        }
        let left = try await ProcessRunner.run("/usr/bin/redis-cli", ["-p", String(fixture.redis.port), "LLEN", "\(ConsoleFixture.redisKey):dead"])
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(left.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dead.path))
    }
}

extension ConsoleBrowserTests {
    @Test("a folder chosen in the upload page goes up with its paths (spaces, unicode, subfolders) byte for byte; Abort mid-upload leaves no upload and no object in S3")
    func folderAndAbort() async throws {
        let fixture = try await ConsoleFixture.get()
        let stack = fixture.stack
        let root = try TestTools.temporaryDirectory("console-folder")
        let folder = root.appendingPathComponent("season ü")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("extra/déjà vu"), withIntermediateDirectories: true)
        let clip = try await Self.clip("folder", size: "320x180")
        try FileManager.default.copyItem(at: clip, to: folder.appendingPathComponent("ep 1.mp4"))
        try "1\n00:00:00,000 --> 00:00:01,000\nhello\n".write(to: folder.appendingPathComponent("extra/déjà vu/ep 1.srt"), atomically: true, encoding: .utf8)
        try Data((0..<70_000).map { UInt8($0 % 251) }).write(to: folder.appendingPathComponent("extra/notes.bin"))
        let files = ["ep 1.mp4", "extra/déjà vu/ep 1.srt", "extra/notes.bin"]
        // A file of three 8 MiB parts, sent at 512 KiB/s: it is still on the wire when Abort is pressed.
        let big = root.appendingPathComponent("abort me.bin")
        try Data(count: 24 << 20).write(to: big)

        let facts = try await fixture.browser("folder", ["folder": folder.path, "folder_files": files.count, "abort_file": big.path])
        let uploads = facts["folder_uploads"] as? [[Any]] ?? []
        #expect(uploads.count == files.count && uploads.allSatisfy { $0.last as? String == "done" }, "\(facts)")
        for file in files {
            let key = "inputs/season ü/" + file
            #expect(uploads.contains { $0.dropFirst().first as? String == key }, "\(key) in \(uploads)")
            let copy = try await stack.download(key, bucket: stack.watch)
            #expect(try Data(contentsOf: copy) == (try Data(contentsOf: folder.appendingPathComponent(file))), "\(key)")
        }
        // Abort: the page asked the console, which aborted the multipart upload in S3.
        let key = "inputs/abort me.bin"
        #expect(facts["abort_key"] as? String == key && facts["abort_answer"] as? String == "done" && facts["abort_state"] as? String == "aborted", "\(facts)")
        let open = try JSONSerialization.jsonObject(with: Data(try await stack.boto(["uploads", stack.watch, key]).utf8)) as? [[String: String]] ?? [["?": "?"]]
        #expect(open.isEmpty, "\(open)")
        #expect(!(try await stack.keys(stack.watch)).contains(key))
    }
}

extension ConsoleBrowserTests {
    @Test("an HLS package on the job page: played where the browser plays HLS natively (else its playlist link is offered); through the console's playlists and their presigned segments ffprobe decodes every frame")
    func hlsPlayback() async throws {
        let fixture = try await ConsoleFixture.get()
        let stack = fixture.stack
        _ = try await stack.boto(["put-bytes", stack.delivery, ConsoleFixture.templatePrefix + "hls.json", RerunTests.hls])
        #expect(try await RunningWorker.wait(600) { fixture.worker.log.contains("loaded hls.json") }, "\(fixture.worker.log.suffix(2000))")
        let key = "inputs/hls/clip one.mp4"
        _ = try await stack.boto(["put-meta", stack.watch, key, try await Self.clip("hls", size: "320x180").path, #"{"media-worker-template": "hls"}"#])
        let report = try #require(try await fixture.finishedRecord(upload: key))
        #expect(report.status == .complete && report.job?.template == "hls.json", "\(report)")
        let recordKey = S3JobRecordStore.key(upload: key)

        let facts = try await fixture.browser("hls", ["record": recordKey])
        let figures = facts["figures"] as? [[Any]] ?? []
        #expect(figures.count == 1, "\(facts)")
        if figures.first?[1] as? String == "true" {
            // This Chromium plays HLS itself: the player shows, plays, and its time advances.
            print("console HLS: the browser plays HLS natively; played through the console")
            #expect(figures.first?[2] as? Bool == false && figures.first?[3] as? Bool == true, "\(figures)")
            #expect((facts["ready_state"] as? Int ?? 0) >= 2 && facts["current_time_advanced"] as? Bool == true, "\(facts)")
        } else {
            // No native HLS: the video stays hidden and the note with the playlist's link shows.
            print("console HLS: the browser does not play HLS natively; the playlist link is offered")
            #expect(figures.first?[2] as? Bool == true && figures.first?[3] as? Bool == false, "\(figures)")
        }
        let path = try #require(figures.first?.first as? String)
        let cookie = try #require(facts["cookie"] as? String)
        let url = fixture.url + path
        let header = "Cookie: mw_console_session=\(cookie)\r\n"

        // The console's playlist: every segment a presigned URL, every playlist the console's.
        let master = try await ProcessRunner.run("/usr/bin/curl", ["-s", "-H", "Cookie: mw_console_session=\(cookie)", url])
        #expect(master.stdout.hasPrefix("#EXTM3U") && master.stdout.contains("/api/job/hls?id="), "\(master.stdout)")
        let anonymous = try await ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url])
        #expect(anonymous.stdout == "401", "\(anonymous.stdout)")
        // ffprobe counts the frames it decodes through the console; the source has 50.
        let probe = try await ProcessRunner.run("/usr/bin/ffprobe", [
            "-v", "error", "-headers", header, "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", url,
        ])
        #expect(probe.status == 0, "\(probe.stderr)")
        let counts = probe.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(!counts.isEmpty && counts.allSatisfy { $0 == "50" }, "\(probe.stdout) \(probe.stderr)")
    }
}
