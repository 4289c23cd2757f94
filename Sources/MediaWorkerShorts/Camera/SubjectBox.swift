/// A subject found in an analysed frame: a face, or the salient region of a frame without faces.
/// Coordinates are fractions of the source picture (0 to 1), so analysis size does not matter.
public struct SubjectBox: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case face
        case salient
    }

    public var centreX: Double
    public var centreY: Double
    public var width: Double
    public var height: Double
    public var kind: Kind
    /// How likely this subject is the one speaking, 0 to 1 (mouth motion with speech activity).
    public var speaking: Double

    public init(centreX: Double, centreY: Double, width: Double, height: Double, kind: Kind = .face, speaking: Double = 0) {
        self.centreX = centreX
        self.centreY = centreY
        self.width = width
        self.height = height
        self.kind = kind
        self.speaking = speaking
    }

    var left: Double { centreX - width / 2 }
    var right: Double { centreX + width / 2 }
    var area: Double { width * height }
}
