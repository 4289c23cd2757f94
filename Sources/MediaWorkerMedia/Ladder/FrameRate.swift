/// A frame rate as a fraction (`30000/1001`).
public struct FrameRate: Sendable, Equatable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public var value: Double { Double(numerator) / Double(denominator) }
}
