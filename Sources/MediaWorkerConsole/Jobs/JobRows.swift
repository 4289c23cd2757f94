import Foundation

/// Rows as the jobs page and its JSON API show them (the same values, so the page's
/// first render and its live updates agree).
enum JobRows {
    /// ISO 8601 in UTC, seconds: `2026-12-02T03:04:05Z`.
    static func time(_ date: Date) -> String { date.ISO8601Format() }

    static func row(_ job: JobSummary) -> [String: Any] {
        var row: [String: Any] = [
            "id": job.recordKey, "key": job.uploadKey, "status": job.status.rawValue, "label": job.status.label,
            "time": job.time == .distantPast ? "" : time(job.time), "size": ByteSize.text(job.bytes),
        ]
        if let code = job.errorCode { row["error"] = code }
        return row
    }

    static func page(_ page: JobQuery.Page, query: JobQuery) -> [String: Any] {
        [
            "rows": page.rows.map(row), "total": page.total, "page": page.page, "pageCount": page.pageCount,
            "hasPrevious": page.hasPrevious, "hasNext": page.hasNext, "status": query.status?.rawValue ?? "", "q": query.search,
        ]
    }

    /// Parses `status`, `q` and `page` from a query string.
    static func query(_ parameters: [String: String]) -> JobQuery {
        JobQuery(
            status: parameters["status"].flatMap { JobStatus(rawValue: $0) }, search: parameters["q"] ?? "",
            page: parameters["page"].flatMap { Int($0) } ?? 1)
    }
}

/// Sizes as people read them: 1.5 MiB.
enum ByteSize {
    static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
