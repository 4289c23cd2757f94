import Foundation
import MediaWorkerCaptions
import MediaWorkerService
import Testing

/// The listing watcher's decisions without I/O: listing pages and settlements in, claims
/// (the events) and the next cursor out; instants given.
@Suite("Listing watcher state machine")
struct ListingStateMachineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func machine(_ worker: String = "w1", run: String = "run1", cursor: ListingCursor? = nil) -> ListingStateMachine {
        ListingStateMachine(
            settings: .init(bucket: "watch", prefix: "inputs/", workerID: worker, run: run, leaseSeconds: 300), cursor: cursor)
    }

    static func object(_ key: String, _ etag: String = "e1", size: Int64 = 10) -> ListedObject {
        ListedObject(key: key, etag: etag, size: size, lastModified: t0)
    }

    @Test("New objects are claimed in listing order up to the limit; partials, folder markers and keys outside the prefix are ignored")
    func newObjects() {
        var machine = Self.machine()
        let page = [
            Self.object("inputs/a.srt"), Self.object("inputs/big.mp4.CHUNK0"), Self.object("inputs/big.mp4.CHUNK12"), Self.object("inputs/folder/"),
            Self.object("inputs/"), Self.object("other/x.srt"), Self.object("inputsx/y.srt"), Self.object("inputs/b.mp3"), Self.object("inputs/c.bin"),
        ]
        #expect(machine.wanted(page, now: Self.t0).map(\.key) == ["inputs/a.srt", "inputs/b.mp3", "inputs/c.bin"])
        #expect(machine.pending(page) == 3)
        let claims = machine.claim(page, limit: 2, batch: "run1.1", now: Self.t0)
        #expect(claims.map(\.key) == ["inputs/a.srt", "inputs/b.mp3"])
        #expect(claims.allSatisfy { $0.attempt == 1 && $0.id == "run1.1" })
        let entry = machine.cursor.objects["inputs/a.srt"]
        #expect(entry?.state == .claimed && entry?.owner == "w1" && entry?.claim == "run1.1" && entry?.until == Self.t0.addingTimeInterval(300))
        #expect(machine.cursor.objects.count == 2)
        // Claimed objects are not wanted again while their lease runs; the third one is.
        #expect(machine.wanted(page, now: Self.t0).map(\.key) == ["inputs/c.bin"])
        #expect(machine.pending(page) == 3)
    }

    @Test("A completed object is done for its ETag; a changed ETag is a new event, attempt 1")
    func completedAndChanged() throws {
        var machine = Self.machine()
        let claim = try #require(machine.claim([Self.object("inputs/a.srt")], limit: 10, batch: "run1.1", now: Self.t0).first)
        let changed1 = machine.complete(claim, now: Self.t0)
        #expect(changed1)
        #expect(machine.cursor.objects["inputs/a.srt"] == ListingCursor.Entry(etag: "e1", state: .done, attempts: 1, at: Self.t0))
        #expect(machine.wanted([Self.object("inputs/a.srt")], now: Self.t0.addingTimeInterval(86_400)).isEmpty)
        #expect(machine.pending([Self.object("inputs/a.srt")]) == 0)
        let again = machine.claim([Self.object("inputs/a.srt", "e2")], limit: 10, batch: "run1.2", now: Self.t0)
        #expect(again.map(\.etag) == ["e2"] && again.first?.attempt == 1)
        // Completing twice changes nothing more.
        let changed2 = machine.complete(claim, now: Self.t0)
        #expect(!changed2)
    }

    @Test("One claim per key: another watcher's running lease blocks it, whatever the ETag; once it runs out the key is claimed again, the attempt counted")
    func leases() throws {
        var first = Self.machine("w1")
        let claim = try #require(first.claim([Self.object("inputs/a.srt")], limit: 1, batch: "run1.1", now: Self.t0).first)
        var second = Self.machine("w2", run: "run2", cursor: first.cursor)
        #expect(second.claim([Self.object("inputs/a.srt")], limit: 1, batch: "run2.1", now: Self.t0.addingTimeInterval(299)).isEmpty)
        #expect(second.claim([Self.object("inputs/a.srt", "e2")], limit: 1, batch: "run2.1", now: Self.t0.addingTimeInterval(299)).isEmpty)
        // The heartbeat keeps it.
        let changed3 = first.extend(claim, now: Self.t0.addingTimeInterval(200))
        #expect(changed3)
        second.rebase(first.cursor)
        #expect(second.claim([Self.object("inputs/a.srt")], limit: 1, batch: "run2.1", now: Self.t0.addingTimeInterval(400)).isEmpty)
        // Past the renewed lease (500 s) another watcher takes it over: attempt 2.
        let taken = second.claim([Self.object("inputs/a.srt")], limit: 1, batch: "run2.1", now: Self.t0.addingTimeInterval(501))
        #expect(taken.map(\.attempt) == [2] && taken.first?.id == "run2.1")
        // The first watcher's claim is lost: its settlements change nothing.
        first.rebase(second.cursor)
        let before = first.cursor
        let changed4 = first.complete(claim, now: Self.t0.addingTimeInterval(502))
        #expect(!changed4)
        let changed5 = first.retry(claim, afterSeconds: 0, now: Self.t0.addingTimeInterval(502))
        #expect(!changed5)
        let changed6 = first.deadLetter(claim, now: Self.t0.addingTimeInterval(502))
        #expect(!changed6)
        let changed7 = first.extend(claim, now: Self.t0.addingTimeInterval(502))
        #expect(!changed7)
        #expect(first.cursor == before)
        let changed8 = second.complete(try #require(taken.first), now: Self.t0.addingTimeInterval(503))
        #expect(changed8)
    }

    @Test("A retry waits until due, by any watcher, and its attempts go on; a release at shutdown is due at once")
    func retries() throws {
        var machine = Self.machine()
        let object = Self.object("inputs/a.srt")
        let claim = try #require(machine.claim([object], limit: 1, batch: "run1.1", now: Self.t0).first)
        let changed9 = machine.retry(claim, afterSeconds: 60, now: Self.t0)
        #expect(changed9)
        #expect(machine.cursor.objects[object.key]?.state == .waiting && machine.cursor.objects[object.key]?.until == Self.t0.addingTimeInterval(60))
        #expect(machine.wanted([object], now: Self.t0.addingTimeInterval(59)).isEmpty)
        #expect(machine.nextDue([object]) == Self.t0.addingTimeInterval(60))
        #expect(machine.pending([object]) == 1)
        var other = Self.machine("w2", run: "run2", cursor: machine.cursor)
        let second = try #require(other.claim([object], limit: 1, batch: "run2.1", now: Self.t0.addingTimeInterval(60)).first)
        #expect(second.attempt == 2)
        let changed10 = other.retry(second, afterSeconds: 0, now: Self.t0.addingTimeInterval(61))
        #expect(changed10)
        #expect(other.claim([object], limit: 1, batch: "run2.2", now: Self.t0.addingTimeInterval(61)).map(\.attempt) == [3])
        // A new upload while waiting is new: attempt 1.
        let changed11 = other.retry(try #require(other.claim([object], limit: 1, batch: "run2.2", now: Self.t0.addingTimeInterval(61)).first), afterSeconds: 600, now: Self.t0.addingTimeInterval(61))
        #expect(changed11)
        #expect(other.claim([Self.object("inputs/a.srt", "e2")], limit: 1, batch: "run2.3", now: Self.t0.addingTimeInterval(62)).map(\.attempt) == [1])
    }

    @Test("A dead-lettered ETag is never handed out again; a new upload of the key is")
    func deadLetters() throws {
        var machine = Self.machine()
        let claim = try #require(machine.claim([Self.object("inputs/bad.mp4")], limit: 1, batch: "run1.1", now: Self.t0).first)
        let changed12 = machine.deadLetter(claim, now: Self.t0)
        #expect(changed12)
        #expect(machine.cursor.objects["inputs/bad.mp4"]?.state == .deadLettered)
        #expect(machine.wanted([Self.object("inputs/bad.mp4")], now: Self.t0.addingTimeInterval(1e6)).isEmpty)
        #expect(machine.pending([Self.object("inputs/bad.mp4")]) == 0)
        #expect(machine.wanted([Self.object("inputs/bad.mp4", "e2")], now: Self.t0).count == 1)
    }

    @Test("A change re-applied after a lost conditional write: the newer cursor's claims win, and a batch that did land is not claimed twice")
    func reapplied() {
        let page = ["inputs/a.srt", "inputs/b.srt", "inputs/c.srt"].map { Self.object($0) }
        let base = Self.machine().cursor
        var first = Self.machine("w1", cursor: base)
        var second = Self.machine("w2", run: "run2", cursor: base)
        // Both decide on the same cursor; the first one's write lands.
        #expect(first.claim(page, limit: 2, batch: "run1.1", now: Self.t0).map(\.key) == ["inputs/a.srt", "inputs/b.srt"])
        #expect(second.claim(page, limit: 2, batch: "run2.1", now: Self.t0).map(\.key) == ["inputs/a.srt", "inputs/b.srt"])
        // The second one's write gets 412: it reads the cursor again and applies its change again.
        second.rebase(first.cursor)
        #expect(second.claim(page, limit: 2, batch: "run2.1", now: Self.t0).map(\.key) == ["inputs/c.srt"])
        #expect(Set(second.cursor.objects.values.map(\.owner)) == ["w1", "w2"])
        // Its write landed but the answer was lost: the retried write gets 412 and the change
        // is applied to a cursor that already holds it, which claims the same and changes nothing.
        let landed = second.cursor
        second.rebase(landed)
        #expect(second.claim(page, limit: 2, batch: "run2.1", now: Self.t0).map { "\($0.key) \($0.attempt)" } == ["inputs/c.srt 1"])
        #expect(second.cursor == landed)
    }

    @Test("At startup, this worker's claims from earlier runs are released; this run's and other workers' stay")
    func releaseEarlierRuns() {
        var crashed = Self.machine("w1", run: "old")
        _ = crashed.claim([Self.object("inputs/a.srt"), Self.object("inputs/b.srt")], limit: 2, batch: "old.4", now: Self.t0)
        var other = Self.machine("w2", run: "x", cursor: crashed.cursor)
        _ = other.claim([Self.object("inputs/c.srt")], limit: 1, batch: "x.1", now: Self.t0)
        var restarted = Self.machine("w1", run: "new", cursor: other.cursor)
        _ = restarted.claim([Self.object("inputs/d.srt")], limit: 1, batch: "new.1", now: Self.t0)
        #expect(restarted.releaseEarlierRuns(now: Self.t0.addingTimeInterval(5)) == ["inputs/a.srt", "inputs/b.srt"])
        #expect(restarted.cursor.objects["inputs/a.srt"] == ListingCursor.Entry(etag: "e1", state: .waiting, attempts: 1, until: Self.t0.addingTimeInterval(5), at: Self.t0.addingTimeInterval(5)))
        #expect(restarted.cursor.objects["inputs/c.srt"]?.state == .claimed && restarted.cursor.objects["inputs/d.srt"]?.state == .claimed)
        let again = restarted.claim([Self.object("inputs/a.srt")], limit: 1, batch: "new.2", now: Self.t0.addingTimeInterval(5))
        #expect(again.map(\.attempt) == [2])
    }

    @Test("Keys a whole listing no longer shows are forgotten, unless claimed or changed since the listing began")
    func prune() throws {
        var machine = Self.machine()
        for (index, key) in ["inputs/gone.srt", "inputs/kept.srt", "inputs/claimed.srt", "inputs/late.srt"].enumerated() {
            let claim = try #require(machine.claim([Self.object(key)], limit: 1, batch: "run1.\(index)", now: Self.t0).first)
            if key != "inputs/claimed.srt" {
                let settled = machine.complete(claim, now: key == "inputs/late.srt" ? Self.t0.addingTimeInterval(20) : Self.t0)
                #expect(settled)
            }
        }
        #expect(machine.prune(listed: ["inputs/kept.srt"], listedSince: Self.t0.addingTimeInterval(10)) == 1)
        #expect(machine.cursor.objects.keys.sorted() == ["inputs/claimed.srt", "inputs/kept.srt", "inputs/late.srt"])
    }

    @Test("The event body is an S3 notification the decoder reads back: key encoded as S3 does, size, ETag, ObjectCreated:Put")
    func eventBody() throws {
        let key = "inputs/été/my clip+1 (final)&100%.srt"
        let body = ListingEventBody.body(for: ListedObject(key: key, etag: "abc123", size: 4321, lastModified: Self.t0), bucket: "watch")
        #expect(body.contains("\"key\":\"inputs/%C3%A9t%C3%A9/my+clip%2B1+%28final%29%26100%25.srt\""), "\(body)")
        guard case .uploads(let events) = try EventDecoder.decode(body) else {
            Issue.record("not an upload: \(body)")
            return
        }
        let event = try #require(events.first)
        #expect(events.count == 1)
        #expect(event == UploadEvent(
            bucket: "watch", key: key, name: "ObjectCreated:Put", time: "2027-01-15T08:00:00.000Z", size: 4321, etag: "abc123", origin: .s3Notification))
        #expect(UploadRouter().route(event) == .captions(.srt))
    }

    @Test("The cursor's JSON reads back as written; its key is flat and names the bucket and prefix")
    func cursorJSON() throws {
        var machine = Self.machine()
        let claims = machine.claim([Self.object("inputs/a b.srt"), Self.object("inputs/c.srt", "\"quoted\"")], limit: 2, batch: "run1.1", now: Self.t0.addingTimeInterval(0.25))
        let changed14 = machine.complete(try #require(claims.first), now: Self.t0.addingTimeInterval(1.5))
        #expect(changed14)
        let bytes = try machine.cursor.encoded()
        #expect(try ListingCursor.decode(bytes) == machine.cursor)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\"bucket\":\"watch\",\"format\":1,\"objects\":{"), "\(text)")
        #expect(text.contains("\"at\":\"2027-01-15T08:00:01.500Z\""), "\(text)")
        #expect(throws: (any Error).self) { try ListingCursor.decode(Array("{\"bucket\":1}".utf8)) }
        let key = ListingCursorStore.key(bucket: "watch", prefix: "inputs/")
        #expect(key.hasPrefix(".media-worker.listing-cursor.") && key.hasSuffix(".json") && !key.contains("/"))
        #expect(key != ListingCursorStore.key(bucket: "watch", prefix: "other/") && key == ListingCursorStore.key(bucket: "watch", prefix: "inputs/"))
    }
}
