/// OpenCV's `groupRectangles`: detections partitioned into classes of similar rectangles
/// (corners within `eps` of the mean of the smaller sides), each class averaged; a class with
/// `threshold` or fewer members is dropped, and so is one inside a larger, better supported one.
enum RectangleGrouping {
    typealias Rect = (x: Int, y: Int, width: Int, height: Int)

    static func group(_ rects: [Rect], threshold: Int, eps: Double) -> [DetectedFace] {
        guard threshold > 0, !rects.isEmpty else { return rects.map { DetectedFace(x: $0.x, y: $0.y, width: $0.width, height: $0.height, neighbours: 1) } }
        // Union–find over the similarity relation (its transitive closure, as cv::partition).
        var parent = Array(rects.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for i in rects.indices {
            for j in 0..<i where similar(rects[i], rects[j], eps: eps) {
                let a = root(i), b = root(j)
                if a != b { parent[a] = b }
            }
        }
        var labels: [Int: Int] = [:]
        var totals: [(x: Int, y: Int, width: Int, height: Int, count: Int)] = []
        for i in rects.indices {
            let r = root(i)
            if labels[r] == nil {
                labels[r] = totals.count
                totals.append((0, 0, 0, 0, 0))
            }
            let label = labels[r]!
            totals[label].x += rects[i].x
            totals[label].y += rects[i].y
            totals[label].width += rects[i].width
            totals[label].height += rects[i].height
            totals[label].count += 1
        }
        let averaged = totals.map { t -> (Rect, Int) in
            let s = 1 / Float(t.count)
            func round(_ v: Int) -> Int { Int((Float(v) * s).rounded(.toNearestOrEven)) }
            return ((round(t.x), round(t.y), round(t.width), round(t.height)), t.count)
        }
        var faces: [DetectedFace] = []
        for (i, (r1, n1)) in averaged.enumerated() where n1 > threshold {
            let inside = averaged.enumerated().contains { j, other in
                let (r2, n2) = other
                guard j != i, n2 > threshold else { return false }
                let dx = Int((Float(r2.width) * Float(eps)).rounded(.toNearestOrEven))
                let dy = Int((Float(r2.height) * Float(eps)).rounded(.toNearestOrEven))
                return r1.x >= r2.x - dx && r1.y >= r2.y - dy && r1.x + r1.width <= r2.x + r2.width + dx && r1.y + r1.height <= r2.y + r2.height + dy
                    && (n2 > max(3, n1) || n1 < 3)
            }
            if !inside { faces.append(DetectedFace(x: r1.x, y: r1.y, width: r1.width, height: r1.height, neighbours: n1)) }
        }
        return faces
    }

    static func similar(_ a: Rect, _ b: Rect, eps: Double) -> Bool {
        let delta = eps * Double(min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return Double(abs(a.x - b.x)) <= delta && Double(abs(a.y - b.y)) <= delta
            && Double(abs(a.x + a.width - b.x - b.width)) <= delta && Double(abs(a.y + a.height - b.y - b.height)) <= delta
    }
}
