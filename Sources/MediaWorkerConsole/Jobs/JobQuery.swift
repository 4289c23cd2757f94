/// A filter, search and page over the jobs, newest first. The index keeps its rows sorted
/// by time, so one pass selects a page however many jobs there are; `cursor` pagination is
/// not needed at 10,000 rows (a pass over them is well under a millisecond of work).
public struct JobQuery: Sendable, Equatable {
    public var status: JobStatus?
    /// Case-insensitive substring of the upload key.
    public var search: String
    /// 1-based.
    public var page: Int
    public var pageSize: Int

    public init(status: JobStatus? = nil, search: String = "", page: Int = 1, pageSize: Int = 50) {
        self.status = status
        self.search = search
        self.page = max(1, page)
        self.pageSize = min(max(1, pageSize), 500)
    }

    /// One page of results and how many matched in all.
    public struct Page: Sendable, Equatable {
        public var rows: [JobSummary]
        public var total: Int
        public var page: Int
        public var pageCount: Int
        public var hasPrevious: Bool { page > 1 }
        public var hasNext: Bool { page < pageCount }
    }

    /// Selects from `rows`, which are newest first.
    public func select(_ rows: [JobSummary]) -> Page {
        let needle = search.lowercased()
        let start = (page - 1) * pageSize
        var total = 0
        var selected: [JobSummary] = []
        selected.reserveCapacity(pageSize)
        for row in rows {
            if let status, row.status != status { continue }
            if !needle.isEmpty, !row.uploadKey.lowercased().contains(needle) { continue }
            if total >= start, selected.count < pageSize { selected.append(row) }
            total += 1
        }
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        return Page(rows: selected, total: total, page: page, pageCount: pageCount)
    }
}
