/// A ``HaarCascade`` laid out for one integral image's row stride, as OpenCV's
/// `HaarEvaluator::setWindow` precomputes its feature offsets: every rectangle's four corners
/// as offsets from the window's origin in the sums, and the stages, trees, nodes and leaves in
/// flat buffers. `FaceDetector` makes one per scale and runs every window of that scale
/// through ``run(_:origin:normFactor:)``; the arithmetic (and so each result) is the plain
/// evaluator's, in the same order.
final class CompiledCascade {
    /// Per rectangle: top-left, top-right, bottom-left, bottom-right offsets.
    private let corners: UnsafeMutableBufferPointer<Int>
    private let weights: UnsafeMutableBufferPointer<Float>
    /// Per feature, its first rectangle; one more entry ends the last.
    private let featureRects: UnsafeMutableBufferPointer<Int>
    /// Per node (all trees' in turn): its feature, threshold, and children relative to its tree.
    private let nodeFeatures: UnsafeMutableBufferPointer<Int>
    private let nodeThresholds: UnsafeMutableBufferPointer<Float>
    private let nodeLeft: UnsafeMutableBufferPointer<Int>
    private let nodeRight: UnsafeMutableBufferPointer<Int>
    /// Per tree, its first node and its first leaf.
    private let treeNodes: UnsafeMutableBufferPointer<Int>
    private let treeLeaves: UnsafeMutableBufferPointer<Int>
    private let leaves: UnsafeMutableBufferPointer<Float>
    /// Per stage, its first tree (one more entry ends the last) and its threshold.
    private let stageTrees: UnsafeMutableBufferPointer<Int>
    private let stageThresholds: UnsafeMutableBufferPointer<Float>

    init(_ cascade: HaarCascade, stride: Int) {
        let rects = cascade.features.flatMap { $0 }
        corners = .allocate(capacity: rects.count * 4)
        weights = .allocate(capacity: rects.count)
        for (index, rect) in rects.enumerated() {
            let top = rect.y * stride + rect.x
            let bottom = (rect.y + rect.height) * stride + rect.x
            corners[index * 4] = top
            corners[index * 4 + 1] = top + rect.width
            corners[index * 4 + 2] = bottom
            corners[index * 4 + 3] = bottom + rect.width
            weights[index] = rect.weight
        }
        featureRects = .allocate(capacity: cascade.features.count + 1)
        var first = 0
        for (index, feature) in cascade.features.enumerated() {
            featureRects[index] = first
            first += feature.count
        }
        featureRects[cascade.features.count] = first

        let trees = cascade.stages.flatMap(\.trees)
        let nodes = trees.flatMap(\.nodes)
        nodeFeatures = .allocate(capacity: nodes.count)
        nodeThresholds = .allocate(capacity: nodes.count)
        nodeLeft = .allocate(capacity: nodes.count)
        nodeRight = .allocate(capacity: nodes.count)
        for (index, node) in nodes.enumerated() {
            nodeFeatures[index] = node.feature
            nodeThresholds[index] = node.threshold
            nodeLeft[index] = node.left
            nodeRight[index] = node.right
        }
        let allLeaves = trees.flatMap(\.leaves)
        leaves = .allocate(capacity: allLeaves.count)
        _ = leaves.initialize(from: allLeaves)
        treeNodes = .allocate(capacity: trees.count)
        treeLeaves = .allocate(capacity: trees.count)
        var (nodeStart, leafStart) = (0, 0)
        for (index, tree) in trees.enumerated() {
            treeNodes[index] = nodeStart
            treeLeaves[index] = leafStart
            nodeStart += tree.nodes.count
            leafStart += tree.leaves.count
        }
        stageTrees = .allocate(capacity: cascade.stages.count + 1)
        stageThresholds = .allocate(capacity: cascade.stages.count)
        var treeStart = 0
        for (index, stage) in cascade.stages.enumerated() {
            stageTrees[index] = treeStart
            stageThresholds[index] = stage.threshold
            treeStart += stage.trees.count
        }
        stageTrees[cascade.stages.count] = treeStart
    }

    deinit {
        for buffer in [corners, featureRects, nodeFeatures, nodeLeft, nodeRight, treeNodes, treeLeaves, stageTrees] { buffer.deallocate() }
        for buffer in [weights, nodeThresholds, leaves, stageThresholds] { buffer.deallocate() }
    }

    /// 1 when every stage passes the window at `origin` (its top-left index in `sums`), else
    /// minus the index of the stage that rejected it.
    func run(_ sums: UnsafeBufferPointer<Int32>, origin: Int, normFactor: Float) -> Int {
        let base = sums.baseAddress! + origin
        for stage in 0..<stageThresholds.count {
            var total = 0.0
            for tree in stageTrees[stage]..<stageTrees[stage + 1] {
                let nodeBase = treeNodes[tree]
                var node = 0
                var next = 0
                repeat {
                    let current = nodeBase + node
                    let feature = nodeFeatures[current]
                    var value: Float = 0
                    for rect in featureRects[feature]..<featureRects[feature + 1] {
                        let corner = rect &* 4
                        let sum = base[corners[corner]] &- base[corners[corner &+ 1]] &- base[corners[corner &+ 2]] &+ base[corners[corner &+ 3]]
                        value += weights[rect] * Float(sum)
                    }
                    next = value * normFactor < nodeThresholds[current] ? nodeLeft[current] : nodeRight[current]
                    node = next
                } while next > 0
                total += Double(leaves[treeLeaves[tree] - next])
            }
            if total < Double(stageThresholds[stage]) { return -stage }
        }
        return 1
    }
}
