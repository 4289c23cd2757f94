import Foundation

/// Caption timestamps: parsing the clock forms of SRT, SBV and WebVTT, and writing WebVTT's.
enum CaptionTime {
    /// Times beyond this (ten days) are refused as malformed: no media runs that long, and
    /// larger values would overflow when written.
    static let maximumSeconds: Double = 864_000

    /// `HH:MM:SS,mmm`, `HH:MM:SS.mmm`, `MM:SS.mmm` or `H:MM:SS.mmm` (fractions of any length).
    static func parseClock(_ text: Substring) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        let secondsPart = parts.last!.replacingOccurrences(of: ",", with: ".")
        let secondsFields = secondsPart.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(secondsFields.count), secondsFields[0].count == 2, secondsFields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let seconds = Double(secondsPart), seconds < 60
        else { return nil }
        var total = seconds
        var multiplier = 60.0
        for part in parts.dropLast().reversed() {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Double(part) else { return nil }
            if multiplier == 60, value >= 60 { return nil }
            total += value * multiplier
            multiplier *= 60
        }
        return total <= maximumSeconds ? total : nil
    }

    /// `HH:MM:SS.mmm`.
    static func format(_ seconds: Double) -> String {
        let bounded = seconds.isFinite ? min(max(0, seconds), maximumSeconds) : 0
        let milliseconds = Int64((bounded * 1000).rounded())
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let secs = milliseconds / 1000 % 60
        let millis = milliseconds % 1000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(secs, 2)).\(pad(millis, 3))"
    }
}
