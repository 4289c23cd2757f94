import Foundation
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerSupport
import Testing

/// The one job record: its key, and every read and write case, on S3 (the in-memory store,
/// no server) and on the filesystem.
@Suite("Job record store")
struct JobRecordStoreTests {
    static func report(_ key: String, status: DeliveryReport.Status = .complete) -> DeliveryReport {
        var report = DeliveryReport(status: status, input: .init(key: key, bytes: 3), startedAt: Date(timeIntervalSince1970: 1_700_000_000), worker: "test")
        report.outputs = [.init(role: .original, path: DeliveryLayout(key: key).original, bytes: 3)]
        return report
    }

    final class Unreadable: Sendable {
        let seen = Locked<[String]>([])
    }

    @Test("S3: missing is nil; written with application/json and no-cache under the layout's key; read back equal")
    func s3RoundTrip() async throws {
        let store = InMemoryObjectStore()
        let records = S3JobRecordStore(store: store, bucket: "delivery")
        #expect(try await records.read(upload: "inputs/show/ep1.mp4") == nil)
        let report = Self.report("inputs/show/ep1.mp4")
        try await records.write(report)
        #expect(store.keys("delivery") == ["json/show/ep1.json"])
        let info = try await store.headObject(S3Location(bucket: "delivery", key: "json/show/ep1.json"))
        #expect(info.contentType == "application/json")
        #expect(info.cacheControl == "no-cache")
        #expect(try await records.read(upload: "inputs/show/ep1.mp4") == report)
        #expect(records.location(upload: "inputs/show/ep1.srt").key == "json/show/ep1.srt.json", "captions keep their extension")
    }

    @Test("S3: an empty body is no record; an unreadable one is no record and is reported")
    func s3BadBodies() async throws {
        let store = InMemoryObjectStore()
        let unreadable = Unreadable()
        let records = S3JobRecordStore(store: store, bucket: "delivery") { location, _ in unreadable.seen.withLock { $0.append(location.key) } }
        store.put(S3Location(bucket: "delivery", key: "json/empty.json"), bytes: Array(" \n".utf8))
        store.put(S3Location(bucket: "delivery", key: "json/garbled.json"), bytes: Array("{\"status\": \"COMPL".utf8))
        store.put(S3Location(bucket: "delivery", key: "json/wrong.json"), bytes: Array("{\"status\": \"DONE\"}".utf8))
        #expect(try await records.read(upload: "inputs/empty.mp4") == nil)
        #expect(unreadable.seen.withLock { $0 }.isEmpty, "an empty body is not reported")
        #expect(try await records.read(upload: "inputs/garbled.mp4") == nil)
        #expect(try await records.read(upload: "inputs/wrong.mp4") == nil)
        #expect(unreadable.seen.withLock { $0 } == ["json/garbled.json", "json/wrong.json"])
    }

    @Test("file: the same cases under a local delivery root, written atomically")
    func files() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let unreadable = Unreadable()
        let records = FileJobRecordStore(root: root) { path, _ in unreadable.seen.withLock { $0.append(path) } }
        #expect(try await records.read(upload: "inputs/a/b.mp4") == nil)
        let report = Self.report("inputs/a/b.mp4", status: .failed)
        try await records.write(report)
        #expect(FileManager.default.fileExists(atPath: root + "/json/a/b.json"))
        #expect(try await records.read(upload: "inputs/a/b.mp4") == report)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/json/a") == ["b.json"], "no temporary file left")
        _ = FileManager.default.createFile(atPath: root + "/json/a/empty.json", contents: Data())
        _ = FileManager.default.createFile(atPath: root + "/json/a/bad.json", contents: Data("[".utf8))
        #expect(try await records.read(upload: "inputs/a/empty.mp4") == nil)
        #expect(try await records.read(upload: "inputs/a/bad.mp4") == nil)
        #expect(unreadable.seen.withLock { $0 } == [root + "/json/a/bad.json"])
    }
}
