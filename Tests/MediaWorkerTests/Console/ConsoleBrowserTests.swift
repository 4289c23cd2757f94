import Foundation
import MediaWorkerPipeline
import Testing

@testable import MediaWorkerConsole

/// The console in a real browser (Debian's chromium driven by Selenium,
/// Tests/Helpers/console_browser.py) against LocalStack, a worker and the console itself.
/// What the browser saw is checked against boto3 and ffprobe. Screenshots of each page go
/// to .build/console-screenshots.
@Suite("Console in the browser", .serialized)
struct ConsoleBrowserTests {
    @Test("security: anonymous refused, no CSRF refused, a viewer cannot act, cookie flags, sign-in limited, a <script> key shown as text")
    func security() async throws {
        let fixture = try await ConsoleFixture.get()
        // A job record whose upload key holds markup (keys are user input).
        let key = "inputs/evil <script>alert(1)</script> \"quoted\".mp4"
        let record = S3JobRecordStore.key(upload: key)
        var report = DeliveryReport(status: .failed, input: .init(key: key, bytes: 3), startedAt: Date(), worker: "test")
        report.error = .init(.notMedia, message: "<img src=x onerror=alert(2)>")
        _ = try await fixture.stack.boto(["put-bytes", fixture.stack.delivery, record, String(decoding: try report.encoded(), as: UTF8.self)])
        _ = try await RunningWorker.wait(600) {
            let page = try? await ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "\(fixture.url)/login"])
            return page?.stdout == "200"
        }
        let facts = try await fixture.browser("security", [
            "record": record, "script_search": "evil <script>", "limited_user": "mallory",
            "viewer_forbidden": ["/api/job/delete-outputs", "/api/uploads/create", "/api/job/approve", "/api/job/reject"],
        ])
        #expect((facts["anonymous_page"] as? [Any])?.first as? Int == 303 && (facts["anonymous_page"] as? [Any])?.last as? String == "/login", "\(facts)")
        #expect(facts["anonymous_api"] as? Int == 401 && facts["anonymous_post"] as? Int == 401, "\(facts)")
        #expect(facts["browser_redirected_to"] as? String == "/login", "\(facts)")
        let csp = facts["csp"] as? String ?? ""
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(csp)")
        #expect(facts["login_has_inline_script"] as? Bool == false)
        #expect((facts["wrong_password_message"] as? String ?? "").contains("Wrong name or password"), "\(facts)")
        let cookie = facts["cookie"] as? [String: Any] ?? [:]
        #expect(cookie["httpOnly"] as? Bool == true && cookie["sameSite"] as? String == "Strict" && cookie["path"] as? String == "/", "\(cookie)")
        let setCookie = (facts["set_cookie"] as? [String] ?? []).first { $0.hasPrefix("mw_console_session=") } ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), "\(setCookie)")
        #expect(facts["viewer_path"] as? String == "/jobs", "\(facts)")
        #expect(facts["post_without_csrf"] as? Int == 403 && facts["post_wrong_csrf"] as? Int == 403, "\(facts)")
        #expect(facts["viewer_retry"] as? Int == 403, "\(facts)")
        for (path, status) in facts["viewer_forbidden"] as? [String: Int] ?? [:] { #expect(status == 403, "\(path)") }
        #expect(facts["script_row_text"] as? String == key && facts["script_row_text_after_reload"] as? String == key, "\(facts)")
        #expect(facts["script_tags_in_rows"] as? Int == 0 && facts["alert"] as? Bool == false && facts["escaped_in_source"] as? Bool == true, "\(facts)")
        #expect(facts["after_signout_api"] as? Int == 401, "\(facts)")
        #expect(facts["login_without_token"] as? Int == 403, "\(facts)")
        // mallory: 5 wrong passwords answered 401, then 429.
        let statuses = facts["login_statuses"] as? [Int] ?? []
        #expect(statuses.prefix(5).allSatisfy { $0 == 401 } && statuses.dropFirst(5).allSatisfy { $0 == 429 } && statuses.count == 7, "\(statuses)")
        // No secret in the console's log.
        #expect(!fixture.consoleLog.contains(ConsoleFixture.password) && !fixture.consoleLog.contains(LocalStackServer.credentials.secretAccessKey + "\n"))
    }

    @Test("upload a 40 MiB file through the page: parts in parallel, a reload mid-upload resumes, the object is byte-identical, the job completes without a reload")
    func upload() async throws {
        let fixture = try await ConsoleFixture.get()
        let folder = try TestTools.temporaryDirectory("console-upload")
        let file = folder.appendingPathComponent("big clip ü.mp4")
        // Lossless noise: 640x360, about 43 MiB in 5 s.
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "nullsrc=s=640x360:r=25:d=5,geq=lum='random(1)*255':cb=128:cr=128", "-f", "lavfi", "-i", "sine=f=440:d=5",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file.path,
        ])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        #expect(size >= 40 << 20)
        let pause = folder.appendingPathComponent("pause").path
        let stack = fixture.stack
        // While the browser waits at mid-upload, LocalStack's own ListParts shows what it has.
        let watcher = Task { () -> String in
            _ = try await RunningWorker.wait(600) { FileManager.default.fileExists(atPath: pause + ".ready") }
            let ready = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: pause + ".ready"))) as? [String: String] ?? [:]
            let parts = try await stack.boto(["parts", stack.watch, ready["key"] ?? "", ready["uploadId"] ?? ""])
            _ = FileManager.default.createFile(atPath: pause + ".go", contents: Data())
            return parts
        }
        let facts = try await fixture.browser("upload", ["file": file.path, "pause_file": pause, "reload": true])
        let midParts = try JSONSerialization.jsonObject(with: Data(try await watcher.value.utf8)) as? [[String: Any]] ?? []
        let key = "inputs/big clip ü.mp4"
        #expect(facts["final_key"] as? String == key, "\(facts)")
        #expect(facts["state"] as? String == "done", "\(facts)")
        #expect(facts["overall"] as? Int == 100 && facts["file_percent"] as? Int == 100, "\(facts)")
        // Several parts were on the wire at once, and S3 had some before the reload, which were kept.
        #expect((facts["max_in_flight_before_reload"] as? Int ?? 0) >= 2, "\(facts)")
        #expect(!midParts.isEmpty, "LocalStack had no parts at mid-upload")
        #expect((facts["resumed_parts"] as? Int ?? 0) >= 1, "\(facts)")
        // The object is the file, byte for byte (boto3 downloads it).
        let copy = try await stack.download(key, bucket: stack.watch)
        #expect(try Data(contentsOf: copy) == (try Data(contentsOf: file)))
        // The jobs page, never reloaded, saw the job through to its end.
        #expect(facts["jobs_tab_not_reloaded"] as? Bool == true, "\(facts)")
        #expect(facts["final_status"] as? String == "complete", "\(facts)\n\(fixture.worker.log.suffix(3000))")
        let report = try #require(try await fixture.finishedRecord(upload: key))
        #expect(report.status == .complete)
    }

    @Test("a rendition plays on the job page (readyState >= 2, currentTime advances), with its thumbnail and download links")
    func play() async throws {
        let fixture = try await ConsoleFixture.get()
        let folder = try TestTools.temporaryDirectory("console-play")
        let file = folder.appendingPathComponent("play.mp4")
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=4", "-f", "lavfi", "-i", "sine=f=440:d=4",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file.path,
        ])
        let key = "inputs/show/play me.mp4"
        try await fixture.stack.upload(file.path, key: key)
        let report = try #require(try await fixture.finishedRecord(upload: key))
        #expect(report.status == .complete, "\(report)")
        let facts = try await fixture.browser("play", ["record": S3JobRecordStore.key(upload: key), "delete": true])
        #expect((facts["videos"] as? Int ?? 0) >= 1, "\(facts)")
        #expect(facts["outputs"] as? Int == report.outputs.count, "\(facts)")
        #expect((facts["ready_state"] as? Int ?? 0) >= 2, "\(facts)")
        #expect(facts["current_time_advanced"] as? Bool == true, "\(facts)")
        #expect(facts["thumbnail_loaded"] as? Bool == true, "\(facts)")
        // A download link is presigned for one object, for minutes, and works.
        let links = facts["download_links"] as? [String] ?? []
        #expect(links.count == report.outputs.count && links.allSatisfy { $0.contains("X-Amz-Expires=600") && $0.contains("X-Amz-Signature=") })
        #expect(facts["download_status"] as? Int == 200, "\(facts)")
        // Delete outputs (after the page's confirmation): every output is gone (boto3), the record stays.
        #expect((facts["delete_result"] as? String ?? "").hasPrefix("done:"), "\(facts)")
        let left = try await fixture.stack.keys()
        #expect(report.outputs.allSatisfy { !left.contains($0.path) } && left.contains(S3JobRecordStore.key(upload: key)), "\(left)")
    }

    @Test("a corrupt upload's page shows its error code and what to do")
    func corrupt() async throws {
        let fixture = try await ConsoleFixture.get()
        let key = "inputs/broken/corrupt.mp4"
        _ = try await fixture.stack.boto(["put-bytes", fixture.stack.watch, key, String(repeating: "not a video at all ", count: 500)])
        let report = try #require(try await fixture.finishedRecord(upload: key))
        let code = try #require(report.error?.code)
        let facts = try await fixture.browser("error", ["record": S3JobRecordStore.key(upload: key), "retry": true])
        #expect(facts["code"] as? String == code.rawValue, "\(facts)")
        #expect(facts["action"] as? String == code.action, "\(facts)")
        #expect(facts["status"] as? String == "failed")
        // Retry sent the upload's event to the worker's queue again: the job ran once more.
        #expect((facts["retry_result"] as? String ?? "").hasPrefix("done:"), "\(facts)")
        let stack = fixture.stack
        let recordKey = S3JobRecordStore.key(upload: key)
        #expect(try await RunningWorker.wait(600) { ((try? await stack.report(recordKey))?.startedAt ?? .distantPast) > report.startedAt })
    }

    @Test("review: jobs under the review prefix wait; approval publishes and notifies, rejection keeps them private; who, when and why recorded")
    func review() async throws {
        let fixture = try await ConsoleFixture.get()
        let folder = try TestTools.temporaryDirectory("console-review")
        let file = folder.appendingPathComponent("clip.mp4")
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file.path,
        ])
        let (good, bad) = (ConsoleFixture.reviewPrefix + "good one.mp4", ConsoleFixture.reviewPrefix + "bad one.mp4")
        try await fixture.stack.upload(file.path, key: good)
        try await fixture.stack.upload(file.path, key: bad)
        for key in [good, bad] {
            let report = try #require(try await fixture.finishedRecord(upload: key))
            #expect(report.status == .complete && report.review?.state == .pending, "\(report)")
        }
        // Waiting for review: nothing public, no notification.
        #expect(try await fixture.stack.keys(fixture.publicBucket).isEmpty)
        #expect(!fixture.notifiedKeys().contains(good) && !fixture.notifiedKeys().contains(bad))
        let facts = try await fixture.browser("review", ["approve": good, "reject": bad])
        #expect(facts["approve"] as? String == "approved" && facts["reject"] as? String == "rejected", "\(facts)")
        let approved = try await fixture.stack.report(S3JobRecordStore.key(upload: good))
        let rejected = try await fixture.stack.report(S3JobRecordStore.key(upload: bad))
        #expect(approved.review?.state == .approved && approved.review?.decidedBy == "rita" && approved.review?.note == "looks right" && approved.review?.decidedAt != nil)
        #expect(approved.review?.publishedTo == "s3://\(fixture.publicBucket)/site/")
        #expect(rejected.review?.state == .rejected && rejected.review?.decidedBy == "rita" && rejected.review?.note == "wrong <cut>")
        // The approved job's outputs (not the original) are public, byte for byte; the rejected one's never are.
        let published = try await fixture.stack.keys(fixture.publicBucket)
        let expected = approved.outputs.filter { $0.role != .original }.map { "site/" + $0.path }
        #expect(!expected.isEmpty && Set(published) == Set(expected), "\(published) vs \(expected)")
        #expect(!published.contains { $0.contains("bad one") })
        if let first = approved.outputs.first(where: { $0.role == .rendition }) {
            let original = try Data(contentsOf: try await fixture.stack.download(first.path))
            let copy = try Data(contentsOf: try await fixture.stack.download("site/" + first.path, bucket: fixture.publicBucket))
            #expect(original == copy)
        }
        // The notification arrives for the approved job only.
        #expect(try await RunningWorker.wait(600) { fixture.notifiedKeys().contains(good) }, "\(fixture.notifiedKeys())")
        #expect(!fixture.notifiedKeys().contains(bad))
    }

    @Test("a message in the SQS dead-letter queue is shown with its upload and reason, redriven from the page, and its job completes")
    func deadLetter() async throws {
        let fixture = try await ConsoleFixture.get()
        let stack = fixture.stack
        let folder = try TestTools.temporaryDirectory("console-dlq")
        let file = folder.appendingPathComponent("clip.mp4")
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file.path])
        // The upload is processed once; its record is then removed, and its event sits in the dead-letter queue.
        let key = "inputs/dlq/clip one.mp4"
        try await stack.upload(file.path, key: key)
        let first = try #require(try await fixture.finishedRecord(upload: key))
        #expect(first.status == .complete)
        let recordKey = S3JobRecordStore.key(upload: key)
        _ = try await stack.boto(["delete", stack.delivery, recordKey])
        let etag = try await stack.etag(key)
        let event = RetryEvent.body(bucket: stack.watch, key: key, size: first.input.bytes, etag: etag)
        try await stack.send(event, queue: stack.deadLetterURL)
        let facts = try await fixture.browser("deadletters", ["key": key])
        #expect(facts["found"] as? Bool == true && facts["box"] as? String == "sqs", "\(facts)")
        #expect((facts["reason"] as? String ?? "").contains("no job record"), "\(facts)")
        #expect(facts["state"] as? String == "redriven", "\(facts)")
        // Redriven: the worker runs the job again; the dead-letter queue no longer has it.
        let again = try #require(try await fixture.finishedRecord(upload: key))
        #expect(again.status == .complete, "\(again)")
        #expect(again.startedAt > first.startedAt)
        // (Other tests' failed jobs may sit there too: only this upload's message must be gone.)
        #expect(try await stack.drainQueue(stack.deadLetterURL).allSatisfy { EventKey.key(of: $0) != key })
    }

    @Test("a template edited in the page with an error is refused with its line and JSON path; a good edit is saved to the bucket prefix, mirrored into the worker's folder, and the worker's next job uses it")
    func templateEdit() async throws {
        let fixture = try await ConsoleFixture.get()
        let file = fixture.templates.appendingPathComponent("job.json")
        let original = try String(contentsOf: file, encoding: .utf8)
        let heightLine = try #require(original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"Height\": 360") }) + 1
        let bad = original.replacingOccurrences(of: "\"Height\": 360", with: "\"Height\": \"360\"")
        let good = original.replacingOccurrences(of: "\"_360p\"", with: "\"_small\"")
        #expect(bad != original && good != original)
        let facts = try await fixture.browser("template", ["name": "job.json", "original": original, "bad": bad, "good": good])
        #expect((facts["listed"] as? [String] ?? []).contains("job.json") && facts["original_matches"] as? Bool == true, "\(facts)")
        #expect(facts["bad_state"] as? String == "refused", "\(facts)")
        let issues = facts["bad_issues"] as? [[String]] ?? []
        #expect(issues.contains { $0.first == "job.json:\(heightLine)" && ($0.dropFirst().first ?? "").hasSuffix("VideoDescription.Height") }, "\(issues)")
        // Refused: the file on disk is still the original while the bad text was in the page.
        #expect(facts["good_state"] as? String == "saved", "\(facts)")
        // Saved to TEMPLATE_BUCKET_URI (boto3 reads it), then mirrored into the worker's own folder.
        let fromBucket = try TestTools.temporaryDirectory("console-template-bucket").appendingPathComponent("job.json")
        _ = try await fixture.stack.boto(["get", fixture.stack.delivery, ConsoleFixture.templatePrefix + "job.json", fromBucket.path])
        #expect(try String(contentsOf: fromBucket, encoding: .utf8) == good)
        #expect(try await RunningWorker.wait(600) { (try? String(contentsOf: file, encoding: .utf8)) == good })
        let version = (facts["good_result"] as? String ?? "").replacingOccurrences(of: "saved: version ", with: "")
        // The worker reloads it (its log says so) and its next job runs the new version.
        #expect(try await RunningWorker.wait(600) { fixture.worker.log.contains("loaded job.json (version \(version))") }, "\(fixture.worker.log.suffix(2000))")
        let clip = try TestTools.temporaryDirectory("console-template").appendingPathComponent("clip.mp4")
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip.path])
        let key = "inputs/template/after edit.mp4"
        try await fixture.stack.upload(clip.path, key: key)
        let report = try #require(try await fixture.finishedRecord(upload: key))
        #expect(report.status == .complete && report.job?.templateVersion == version, "\(report)")
        #expect(report.outputs.contains { $0.path.contains("_small") }, "\(report.outputs.map(\.path))")
    }
}
