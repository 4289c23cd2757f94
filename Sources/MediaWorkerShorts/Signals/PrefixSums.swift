/// Sums of a sampled signal over any range in constant time.
struct PrefixSums: Sendable {
    private let sums: [Double]

    init(_ values: [Double]) {
        var sums = [Double](repeating: 0, count: values.count + 1)
        for (index, value) in values.enumerated() { sums[index + 1] = sums[index] + value }
        self.sums = sums
    }

    /// The mean of samples `range`; 0 for an empty range.
    func mean(_ range: Range<Int>) -> Double {
        let lower = max(0, min(range.lowerBound, sums.count - 1))
        let upper = max(lower, min(range.upperBound, sums.count - 1))
        guard upper > lower else { return 0 }
        return (sums[upper] - sums[lower]) / Double(upper - lower)
    }
}
