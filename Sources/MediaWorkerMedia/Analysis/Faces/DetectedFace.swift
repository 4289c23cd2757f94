/// A face a cascade found: a rectangle in the pixels of the picture it ran on, and how many
/// raw detections were grouped into it.
public struct DetectedFace: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// Raw detections merged into this one (more than `minNeighbors`).
    public var neighbours: Int

    public init(x: Int, y: Int, width: Int, height: Int, neighbours: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.neighbours = neighbours
    }
}
