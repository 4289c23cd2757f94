public import Foundation

/// The two date forms SigV4 uses, computed without a `DateFormatter`.
public struct SigV4Timestamp: Sendable, Equatable {
    /// `YYYYMMDD'T'HHMMSS'Z'`, the `X-Amz-Date` value.
    public let amzDate: String
    /// `YYYYMMDD`, the credential scope date.
    public let dateStamp: String

    public init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let day = pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
        dateStamp = day
        amzDate = day + "T" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }

    /// Parses `YYYYMMDD'T'HHMMSS'Z'` or an ISO 8601 UTC timestamp (`2015-08-30T12:36:00Z`).
    public static func parse(_ text: String) -> Date? {
        let digits = text.filter(\.isNumber)
        guard digits.count >= 14 else { return nil }
        let d = Array(digits)
        func int(_ range: Range<Int>) -> Int32? { Int32(String(d[range])) }
        guard let year = int(0..<4), let month = int(4..<6), let day = int(6..<8),
            let hour = int(8..<10), let minute = int(10..<12), let second = int(12..<14)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
