import Foundation
import Testing

@testable import MediaWorkerConsole

/// The jobs page's filter, search and pages, on 10,000 rows.
@Suite("Console job pages")
struct JobQueryTests {
    static let statuses: [JobStatus] = [.complete, .failed, .processing, .awaitingReview]

    /// Newest first: row 0 is the newest.
    static let rows: [JobSummary] = (0..<10_000).map { number in
        JobSummary(
            recordKey: "json/show/clip-\(number).json", uploadKey: "inputs/show/clip-\(number).mp4", status: statuses[number % 4],
            time: Date(timeIntervalSince1970: Double(1_000_000 - number)), bytes: Int64(number))
    }

    @Test("page 1 is the 50 newest; the last page holds the rest; a page past the end is empty")
    func pages() {
        let first = JobQuery().select(Self.rows)
        #expect(first.total == 10_000 && first.pageCount == 200 && first.rows.count == 50)
        #expect(first.rows.first?.uploadKey == "inputs/show/clip-0.mp4" && !first.hasPrevious && first.hasNext)
        let last = JobQuery(page: 200).select(Self.rows)
        #expect(last.rows.count == 50 && last.rows.last?.uploadKey == "inputs/show/clip-9999.mp4" && !last.hasNext && last.hasPrevious)
        #expect(JobQuery(page: 201).select(Self.rows).rows.isEmpty)
        #expect(JobQuery(page: -3).page == 1 && JobQuery(pageSize: 100_000).pageSize == 500)
    }

    @Test("the status filter and the search (case-insensitive, part of the key) combine, and count all that match")
    func filters() {
        let failed = JobQuery(status: .failed).select(Self.rows)
        #expect(failed.total == 2500 && failed.rows.allSatisfy { $0.status == .failed })
        #expect(failed.rows.first?.uploadKey == "inputs/show/clip-1.mp4")
        let search = JobQuery(search: "CLIP-99").select(Self.rows)
        // clip-99 and clip-990...clip-999 and clip-9900...clip-9999
        #expect(search.total == 1 + 10 + 100)
        let both = JobQuery(status: .complete, search: "clip-99", page: 2, pageSize: 10).select(Self.rows)
        #expect(both.rows.allSatisfy { $0.status == .complete && $0.uploadKey.contains("clip-99") })
        #expect(both.total == JobQuery(status: .complete, search: "clip-99", pageSize: 500).select(Self.rows).rows.count)
    }

    @Test("the query string: status, q and page; unknown statuses and bad numbers fall back to all and page 1")
    func parameters() {
        #expect(JobRows.query(["status": "awaiting_review", "q": "a b", "page": "3"]) == JobQuery(status: .awaitingReview, search: "a b", page: 3))
        #expect(JobRows.query(["status": "<script>", "page": "x"]) == JobQuery())
        #expect(FormBody("q=a+b%2Fc&status=failed&q=second").fields == ["q": "a b/c", "status": "failed"])
    }

    @Test("a retried event carries the key form-encoded, as S3 sends it")
    func retryEvent() throws {
        let body = RetryEvent.body(bucket: "in", key: "inputs/a folder/ünï <x>.mp4", size: 5, etag: "abc")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let record = try #require((json["Records"] as? [[String: Any]])?.first)
        let object = try #require((record["s3"] as? [String: Any])?["object"] as? [String: Any])
        let key = try #require(object["key"] as? String)
        #expect(key == "inputs/a+folder/%C3%BCn%C3%AF+%3Cx%3E.mp4")
        #expect(key.replacingOccurrences(of: "+", with: " ").removingPercentEncoding == "inputs/a folder/ünï <x>.mp4")
    }
}
