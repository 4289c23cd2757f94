import Foundation
import MediaWorkerXML

extension HaarCascade {
    /// Loads a cascade file that OpenCV's `CascadeClassifier::load` reads (the new format:
    /// `<cascade>` with `stageType` BOOST and `featureType` HAAR; tilted features are refused).
    public static func load(path: String) throws(MediaError) -> HaarCascade {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaError(.io, "cannot read the face cascade \(path); install Debian's opencv-data package (make deps)", path: path)
        }
        let root: XMLTree
        do {
            root = try XMLTree.parse([UInt8](data))
        } catch {
            throw MediaError(.invalidArgument, "the face cascade \(path) is not XML (\(error)); reinstall opencv-data", path: path)
        }
        return try parse(root, path: path)
    }

    static func parse(_ root: XMLTree, path: String) throws(MediaError) -> HaarCascade {
        func fail(_ what: String) -> MediaError {
            MediaError(.invalidArgument, "the face cascade \(path) is not an OpenCV BOOST/HAAR cascade: \(what)", path: path)
        }
        guard let cascade = root.name == "cascade" ? root : root.element(named: "cascade") else { throw fail("no <cascade> element (the old format is not read)") }
        guard cascade.text(of: "stageType")?.trimmed == "BOOST" else { throw fail("stageType is not BOOST") }
        guard cascade.text(of: "featureType")?.trimmed == "HAAR" else { throw fail("featureType is not HAAR") }
        guard let width = cascade.text(of: "width").flatMap({ Int($0.trimmed) }), let height = cascade.text(of: "height").flatMap({ Int($0.trimmed) }),
              width > 2, height > 2
        else { throw fail("no window width and height") }
        guard let stagesElement = cascade.element(named: "stages"), let featuresElement = cascade.element(named: "features") else {
            throw fail("no <stages> or <features>")
        }
        var features: [[WeightedRect]] = []
        for feature in featuresElement.elements {
            if let tilted = feature.text(of: "tilted"), Int(tilted.trimmed) != 0 { throw fail("tilted Haar features are not supported") }
            var rects: [WeightedRect] = []
            for rect in feature.element(named: "rects")?.elements ?? [] {
                let values = rect.text.numbers
                guard values.count == 5 else { throw fail("a feature rectangle has \(values.count) numbers, not 5 (line \(rect.line))") }
                let r = WeightedRect(x: Int(values[0]), y: Int(values[1]), width: Int(values[2]), height: Int(values[3]), weight: Float(values[4]))
                guard r.x >= 0, r.y >= 0, r.width >= 0, r.height >= 0, r.x + r.width <= width, r.y + r.height <= height else {
                    throw fail("a feature rectangle leaves the window (line \(rect.line))")
                }
                rects.append(r)
            }
            guard !rects.isEmpty else { throw fail("a feature has no rectangles (line \(feature.line))") }
            features.append(rects)
        }
        var stages: [Stage] = []
        for stage in stagesElement.elements {
            guard let threshold = stage.text(of: "stageThreshold").flatMap({ Double($0.trimmed) }) else { throw fail("a stage has no threshold (line \(stage.line))") }
            var trees: [Tree] = []
            for weak in stage.element(named: "weakClassifiers")?.elements ?? [] {
                let inner = (weak.text(of: "internalNodes") ?? "").numbers
                let leaves = (weak.text(of: "leafValues") ?? "").numbers.map { Float($0) }
                guard !inner.isEmpty, inner.count % 4 == 0 else { throw fail("internalNodes is not groups of 4 (line \(weak.line))") }
                let nodes = stride(from: 0, to: inner.count, by: 4).map { i in
                    Node(feature: Int(inner[i + 2]), threshold: Float(inner[i + 3]), left: Int(inner[i]), right: Int(inner[i + 1]))
                }
                for node in nodes {
                    guard features.indices.contains(node.feature) else { throw fail("a node names feature \(node.feature) of \(features.count) (line \(weak.line))") }
                    for child in [node.left, node.right] {
                        guard child > 0 ? child < nodes.count : -child < leaves.count else { throw fail("a node's child \(child) does not exist (line \(weak.line))") }
                    }
                }
                trees.append(Tree(nodes: nodes, leaves: leaves))
            }
            guard !trees.isEmpty else { throw fail("a stage has no weak classifiers (line \(stage.line))") }
            stages.append(Stage(threshold: Float(threshold) - 1e-5, trees: trees))
        }
        guard !stages.isEmpty else { throw fail("no stages") }
        return HaarCascade(windowWidth: width, windowHeight: height, stages: stages, features: features)
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    fileprivate var numbers: [Double] { split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).compactMap { Double($0) } }
}
