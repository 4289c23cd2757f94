import Foundation
import Testing

@testable import MediaWorkerConsole

/// Upload keys, event keys, the spool's dead letters and template saving, without servers.
@Suite("Console pieces")
struct ConsolePiecesTests {
    @Test("upload keys keep spaces, unicode and folders; unsafe paths are refused")
    func uploadKeys() {
        #expect(UploadKey.make(prefix: "inputs/", path: "show one/épisode 1.mp4") == "inputs/show one/épisode 1.mp4")
        #expect(UploadKey.make(prefix: "inputs/", path: "a/<script>.mp4") == "inputs/a/<script>.mp4")
        for bad in ["", "/abs.mp4", "a/../b.mp4", "./a.mp4", "a//b.mp4", "a\\b.mp4", "a\u{0}b.mp4", "line\nbreak.mp4", String(repeating: "x", count: 901)] {
            #expect(UploadKey.make(prefix: "inputs/", path: bad) == nil, "\(bad.prefix(20))")
        }
    }

    @Test("the upload an event names: S3's, SNS-wrapped, MinIO's; the key decoded")
    func eventKeys() {
        let s3 = RetryEvent.body(bucket: "b", key: "inputs/a b/ü.mp4", size: 1, etag: nil)
        #expect(EventKey.key(of: s3) == "inputs/a b/ü.mp4")
        let wrapped = String(decoding: try! JSONSerialization.data(withJSONObject: ["Type": "Notification", "Message": s3]), as: UTF8.self)
        #expect(EventKey.key(of: wrapped) == "inputs/a b/ü.mp4")
        let minio = #"[{"Event":[{"s3":{"object":{"key":"inputs%2Fx+y.mp4"}}}],"EventTime":"t"}]"#
        #expect(EventKey.key(of: minio) == "inputs/x y.mp4")
        #expect(EventKey.key(of: "not json") == nil)
    }

    @Test("the spool's dead folder: listed with reasons, redriven into incoming/")
    func spool() async throws {
        let directory = try TestTools.temporaryDirectory("console-spool")
        let dead = directory.appendingPathComponent("dead"), incoming = directory.appendingPathComponent("incoming")
        for folder in [dead, incoming] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let body = RetryEvent.body(bucket: "b", key: "inputs/x.mp4", size: 1, etag: nil)
        for name in ["1.a0.json", "2.a0.json"] {
            try body.write(to: dead.appendingPathComponent(name), atomically: true, encoding: .utf8)
            try "failed 5 times: not_media".write(to: dead.appendingPathComponent(name + ".reason"), atomically: true, encoding: .utf8)
        }
        let box = SpoolDeadLetters(directory: directory.path)
        let letters = try await box.list(limit: 10)
        #expect(letters.map(\.id) == ["1.a0.json", "2.a0.json"] && letters.allSatisfy { $0.key == "inputs/x.mp4" && $0.reason.contains("not_media") })
        #expect(try await box.redrive(id: "1.a0.json"))
        #expect(try await !box.redrive(id: "1.a0.json"))
        #expect(try await !box.redrive(id: "../incoming/1.a0.json"))
        #expect(try await box.redriveAll() == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: incoming.path).sorted() == ["1.a0.json", "2.a0.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dead.path).isEmpty)
    }

    @Test("a template that does not validate is not saved; one that does replaces the file")
    func templates() throws {
        let directory = try TestTools.temporaryDirectory("console-templates")
        let original = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("job-templates/job.json"), encoding: .utf8)
        try original.write(to: directory.appendingPathComponent("job.json"), atomically: true, encoding: .utf8)
        let files = TemplateFiles(directory: directory.path)
        #expect(files.names == ["job.json"])
        let bad = original.replacingOccurrences(of: "\"Height\": 720", with: "\"Height\": \"720\"")
        let refused = try files.save(bad, name: "job.json")
        #expect(!refused.ok && refused.issues.contains { $0.path.hasSuffix("VideoDescription.Height") && $0.line != nil })
        #expect(files.text("job.json") == original)
        let good = original.replacingOccurrences(of: "\"_720p\"", with: "\"_hd\"")
        let saved = try files.save(good, name: "job.json")
        #expect(saved.ok && saved.version != nil && files.text("job.json") == good)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["job.json"])
        for name in ["../job.json", ".hidden.json", "a/b.json", "job.txt"] { #expect(TemplateFiles.safe(name) == nil, "\(name)") }
    }
}
