import Foundation
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport
import Testing

/// The listing watcher as operators run it on a bucket with no notifications at all:
/// buckets made without `setup` (no notification configuration, no queue), three
/// `media-worker run` processes with `WATCH_LISTING=true` sharing one cursor, one of them
/// killed with SIGKILL half-way and started again under the same `WORKER_ID`, while uploads
/// keep coming. On LocalStack (skipped with the reason printed when it is unavailable) and on
/// SeaweedFS, both with signatures checked.
///
/// 100 uploads, all SubRip captions: the quickest job there is (no media decoding), so the
/// test measures the watchers' claims and settlements rather than transcoding, and three
/// workers plus the store fit a 2-core machine. Nothing is timed: each wait polls the
/// delivery bucket until the work is there, its cap only stops a hung run.
@Suite("Listing watcher end to end", .serialized)
struct ListingWatcherEndToEndTests {
    enum Store: String, CaseIterable, Sendable { case localstack, seaweedfs }

    static let uploads = 100

    static func stack(_ store: Store) async throws -> WorkerStack {
        let (endpoint, credentials) =
            switch store {
            case .localstack: (try await SharedServers.shared.localStack().endpoint, LocalStackServer.credentials)
            case .seaweedfs: (try await SharedServers.shared.seaweedFS().endpoint, SeaweedFSServer.credentials)
            }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let stack = WorkerStack(
            endpoint: endpoint, credentials: credentials, watch: "watch-\(suffix)", delivery: "delivery-\(suffix)", queueURL: "", deadLetterURL: "",
            work: try TestTools.temporaryDirectory("mw-listing"))
        _ = try await stack.boto(["mkbucket", stack.watch])
        _ = try await stack.boto(["mkbucket", stack.delivery])
        return stack
    }

    /// Upload `index`'s key: most in one folder, every tenth with a space and an accent.
    static func key(_ index: Int) -> String {
        index % 10 == 7 ? "inputs/été/cue \(index).srt" : "inputs/listing/cue-\(index).srt"
    }

    static func record(_ index: Int) -> String {
        "json/" + key(index).dropFirst("inputs/".count) + ".json"
    }

    @Test("100 uploads, 3 watchers, one killed with SIGKILL and started again: each upload delivered once, by one job", arguments: Store.allCases)
    func threeWatchersAndARestart(store: Store) async throws {
        let stack = try await Self.stack(store)
        let s3 = S3Client(aws: try makeClient(endpoint: stack.endpoint, credentials: stack.credentials))
        let etags = Locked<[Int: String]>([:])
        @Sendable func upload(_ range: Range<Int>) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in range {
                    group.addTask {
                        let body = "1\n00:00:01,000 --> 00:00:02,000\nCue number \(index)\n"
                        let info = try await s3.putObject(S3Location(bucket: stack.watch, key: Self.key(index)), bytes: Array(body.utf8))
                        etags.withLock { $0[index] = info.etag }
                    }
                    if index % 8 == 7 { _ = try await group.next() }
                }
                try await group.waitForAll()
            }
        }
        @Sendable func records() async throws -> Set<String> {
            Set(try await s3.listAllObjects(bucket: stack.delivery, prefix: "json/").map(\.key))
        }

        try await upload(0..<40)
        for key in ["inputs/big.mp4.CHUNK0", "other/outside.srt"] {
            _ = try await s3.putObject(S3Location(bucket: stack.watch, key: key), bytes: Array("1\n00:00:01,000 --> 00:00:02,000\nx\n".utf8))
        }
        let settings = ["WATCH_LISTING": "true", "LISTING_INTERVAL_SECONDS": "1", "MAX_ATTEMPTS": "3", "VISIBILITY_TIMEOUT": "30"]
        var launched: [RunningWorker] = []
        for index in 0..<3 {
            launched.append(try await stack.start(settings.merging(["WORKER_ID": "watcher-\(index)"]) { $1 }, name: "listing-\(store)-\(index)"))
        }
        let watchers = launched
        defer { for watcher in watchers { watcher.server.stop() } }

        // Half-way through the first uploads, the first watcher dies.
        #expect(try await RunningWorker.wait(600) { try await records().count >= 15 || !watchers.allSatisfy(\.isAlive) }, "\(watchers[0].log.suffix(3000))")
        watchers[0].signal(SIGKILL)
        #expect(try await RunningWorker.wait(600) { !watchers[0].isAlive })
        watchers[0].server.stop()
        try await upload(40..<70)
        #expect(try await RunningWorker.wait(600) { try await records().count >= 50 || !watchers[1].isAlive }, "\(watchers[1].log.suffix(3000))")
        let restarted = try await stack.start(settings.merging(["WORKER_ID": "watcher-0"]) { $1 }, name: "listing-\(store)-0-again")
        defer { restarted.server.stop() }
        try await upload(70..<Self.uploads)

        let expected = Set((0..<Self.uploads).map(Self.record))
        let delivered = try await RunningWorker.wait(900) { try await records() == expected || !restarted.isAlive }
        let running = [watchers[1], watchers[2], restarted]
        let count = try await records().count
        #expect(delivered, "\(count) records; \(running.map { $0.log.suffix(2000) }.joined(separator: "\n---\n"))")
        for watcher in running { watcher.signal(SIGTERM) }
        #expect(try await RunningWorker.wait(600) { running.allSatisfy { !$0.isAlive } })

        // One COMPLETE record per upload, for the uploaded ETag, with its outputs present;
        // nothing for the partial or the key outside the prefix.
        let keys = Set(try await s3.listAllObjects(bucket: stack.delivery).map(\.key))
        for index in 0..<Self.uploads {
            let report = try DeliveryReport.decode(Data(try await s3.getObjectBytes(S3Location(bucket: stack.delivery, key: Self.record(index)))))
            #expect(report.status == .complete, "\(Self.key(index)): \(report.status)")
            #expect(report.input.etag == etags.withLock { $0[index] }, "\(Self.key(index))")
            let path = Self.key(index).dropFirst("inputs/".count)
            #expect(keys.contains("original/\(path)") && keys.contains("closed-caption/\(path.dropLast(4)).vtt"), "\(Self.key(index))")
        }
        #expect(keys.filter { !$0.hasPrefix(".media-worker.") }.count == 3 * Self.uploads)
        #expect(!keys.contains { $0.contains("big.mp4") || $0.contains("outside") })
        #expect(!keys.contains { $0.hasPrefix(ListingDeadLetter.prefix) })

        // The cursor: every upload done, nothing else.
        let cursorKey = ListingCursorStore.key(bucket: stack.watch, prefix: "inputs/")
        let cursor = try ListingCursor.decode(try await s3.getObjectBytes(S3Location(bucket: stack.delivery, key: cursorKey)))
        #expect(cursor.objects.count == Self.uploads && cursor.objects.values.allSatisfy { $0.state == .done }, "\(cursor.objects.filter { $0.value.state != .done })")

        // Each upload was processed by one job: at most one "job finished outcome=completed"
        // across every watcher's log. An upload can have none only if the killed watcher
        // wrote its record and died before logging it (then the job record made the next
        // claim skip it), so at most its two job slots' worth.
        let logs = (watchers + [restarted]).map(\.log)
        #expect(restarted.log.contains("listing watcher ready"))
        var unlogged = 0
        for index in 0..<Self.uploads {
            let needle = "key=\(stack.watch)/\(Self.key(index)) "
            let completed = logs.reduce(0) { count, log in
                count + log.split(separator: "\n").filter { $0.contains(needle) && $0.contains("outcome=completed") }.count
            }
            #expect(completed <= 1, "\(Self.key(index)) was processed \(completed) times")
            if completed == 0 { unlogged += 1 }
        }
        #expect(unlogged <= 2, "\(unlogged) uploads have no completed job in the logs")
    }
}
