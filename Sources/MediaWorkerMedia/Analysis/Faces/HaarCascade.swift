/// A trained Viola–Jones cascade in OpenCV's "new" format (`stageType` BOOST, `featureType`
/// HAAR), as `CascadeClassifier` holds it: stages of boosted trees over Haar features on a
/// fixed window (24×24 for `haarcascade_frontalface_default.xml`).
public struct HaarCascade: Sendable {
    /// One rectangle of a Haar feature, in window pixels, with its weight.
    struct WeightedRect: Sendable {
        var x: Int, y: Int, width: Int, height: Int
        var weight: Float
    }

    /// A tree node: the feature's value below `threshold` goes `left`, else `right`; a child
    /// of 0 or less is the leaf `-child`, as OpenCV's `DTreeNode`.
    struct Node: Sendable {
        var feature: Int
        var threshold: Float
        var left: Int
        var right: Int
    }

    struct Tree: Sendable {
        var nodes: [Node]
        var leaves: [Float]
    }

    struct Stage: Sendable {
        /// OpenCV's threshold less its `THRESHOLD_EPS` (1e-5).
        var threshold: Float
        var trees: [Tree]
    }

    /// The window the cascade was trained on.
    public let windowWidth: Int
    public let windowHeight: Int
    let stages: [Stage]
    let features: [[WeightedRect]]

    init(windowWidth: Int, windowHeight: Int, stages: [Stage], features: [[WeightedRect]]) {
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.stages = stages
        self.features = features
    }

    /// Debian's `opencv-data` package: OpenCV's own frontal face cascade.
    public static let frontalFacePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"
}

extension HaarCascade {
    /// Stages and distinct Haar features, as the file declares them.
    public var stageCount: Int { stages.count }
    public var featureCount: Int { features.count }
}
