import Foundation
public import MediaWorkerPipeline
import MediaWorkerS3

/// Every job, newest first, kept in memory and refreshed from the buckets: a listing of
/// json/ and of the watch prefix each time, and a read of only the records whose ETag
/// changed (at most 8 at once). `version` grows whenever a row changes; the jobs page's
/// event stream watches it.
public actor JobIndex {
    let source: any JobRecordSource
    private var records: [String: (etag: String, report: DeliveryReport?, written: Date?)] = [:]
    private var uploads: [String: S3ObjectSummary] = [:]
    private var rows: [JobSummary] = []
    public private(set) var version = 0
    public private(set) var refreshedOnce = false

    public init(source: any JobRecordSource) {
        self.source = source
    }

    /// Looks at the buckets once; true when something changed.
    @discardableResult
    public func refresh() async throws -> Bool {
        let listedRecords = try await source.listRecords().filter { $0.key.hasSuffix(".json") }
        let listedUploads = try await source.listUploads().filter { !$0.key.hasSuffix("/") }
        let changed = listedRecords.filter { records[$0.key]?.etag != $0.etag }
        let source = self.source
        let read = try await withThrowingTaskGroup(of: (S3ObjectSummary, DeliveryReport?).self) { group in
            var results: [(S3ObjectSummary, DeliveryReport?)] = []
            var next = 0
            while next < changed.count, next < 8 {
                let item = changed[next]
                group.addTask { (item, try await source.readRecord(item.key)) }
                next += 1
            }
            while let result = try await group.next() {
                results.append(result)
                if next < changed.count {
                    let item = changed[next]
                    group.addTask { (item, try await source.readRecord(item.key)) }
                    next += 1
                }
            }
            return results
        }
        for (listed, report) in read { records[listed.key] = (listed.etag, report, listed.lastModified) }
        let recordKeys = Set(listedRecords.map(\.key))
        let removed = records.keys.filter { !recordKeys.contains($0) }
        for key in removed { records[key] = nil }
        let newUploads = Dictionary(listedUploads.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let uploadsChanged = newUploads.keys.sorted() != uploads.keys.sorted()
        uploads = newUploads
        let somethingChanged = !read.isEmpty || !removed.isEmpty || uploadsChanged || !refreshedOnce
        if somethingChanged {
            rebuild()
            version += 1
        }
        refreshedOnce = true
        return somethingChanged
    }

    /// Adds or replaces one record (after the console itself wrote it).
    public func update(recordKey: String, report: DeliveryReport) {
        records[recordKey] = ("", report, records[recordKey]?.written ?? Date())
        rebuild()
        version += 1
    }

    func rebuild() {
        var byRecord: [String: JobSummary] = [:]
        for (key, entry) in records {
            byRecord[key] = Self.summary(recordKey: key, report: entry.report, written: entry.written)
        }
        for (key, upload) in uploads {
            let recordKey = S3JobRecordStore.key(upload: key)
            if byRecord[recordKey] != nil { continue }
            byRecord[recordKey] = JobSummary(
                recordKey: recordKey, uploadKey: key, status: .processing, time: upload.lastModified ?? .distantPast, bytes: upload.size)
        }
        rows = byRecord.values.sorted { $0.time != $1.time ? $0.time > $1.time : $0.recordKey < $1.recordKey }
    }

    static func summary(recordKey: String, report: DeliveryReport?, written: Date?) -> JobSummary {
        guard let report else {
            return JobSummary(recordKey: recordKey, uploadKey: recordKey, status: .failed, time: written ?? .distantPast, bytes: 0, errorCode: "unreadable_record")
        }
        return JobSummary(
            recordKey: recordKey, uploadKey: report.input.key, status: JobStatus(report), time: report.startedAt, bytes: report.input.bytes,
            errorCode: report.error?.code.rawValue)
    }

    public func query(_ query: JobQuery) -> JobQuery.Page { query.select(rows) }

    public var count: Int { rows.count }

    /// The record of a job (read again, so the job page is current).
    public func report(recordKey: String) async throws -> DeliveryReport? {
        try await source.readRecord(recordKey)
    }

    /// The row of a job, if the index has it.
    public func summary(recordKey: String) -> JobSummary? {
        rows.first { $0.recordKey == recordKey }
    }
}

extension JobStatus {
    /// A record's status, with its review state when review is on.
    public init(_ report: DeliveryReport) {
        switch report.status {
        case .submitted: self = .submitted
        case .complete:
            switch report.review?.state {
            case .pending?: self = .awaitingReview
            case .approved?: self = .published
            case .rejected?: self = .rejected
            case nil: self = .complete
            }
        case .failed: self = .failed
        case .ignored: self = .ignored
        }
    }
}
