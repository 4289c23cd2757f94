import Foundation

/// `MinSegmentLength`: a segment shorter than the minimum is extended to the next cut (joined
/// with the segments after it) and a short last segment is joined to the one before, so no
/// segment is shorter than the minimum unless the whole rendition is. TS and fMP4 segments are
/// joined by concatenation (both stay valid: TS packets, or a segment of several fragments); one
/// file's byte ranges are joined into one range. Segment files are renumbered from 1 afterwards.
struct SegmentMerger {
    var minimumSeconds: Double
    var folder: String
    /// The segment file name for a number (`clip_180p_00003.ts`).
    var name: (Int) -> String

    /// The groups of consecutive segments that become one segment, as index ranges.
    static func groups(_ durations: [Double], minimum: Double) -> [Range<Int>] {
        guard minimum > 0, !durations.isEmpty else { return durations.indices.map { $0..<($0 + 1) } }
        var groups: [Range<Int>] = []
        var start = 0
        var length = 0.0
        for (index, duration) in durations.enumerated() {
            length += duration
            // The muxer's durations are rounded to the millisecond; a hair under still counts.
            if length >= minimum - 0.0005 {
                groups.append(start..<(index + 1))
                start = index + 1
                length = 0
            }
        }
        if start < durations.count {
            if let last = groups.popLast() { groups.append(last.lowerBound..<durations.count) } else { groups.append(start..<durations.count) }
        }
        return groups
    }

    /// Joins `segments` as ``groups(_:minimum:)`` says, on disk and in the index.
    func merge(_ segments: [SegmentIndex.Segment]) throws -> [SegmentIndex.Segment] {
        let groups = Self.groups(segments.map(\.duration), minimum: minimumSeconds)
        guard groups.count < segments.count else { return segments }
        var merged: [SegmentIndex.Segment] = []
        for (number, group) in groups.enumerated() {
            let parts = Array(segments[group])
            let duration = parts.reduce(0) { $0 + $1.duration }
            let bytes = parts.reduce(0) { $0 + $1.bytes }
            if let first = parts[0].byteRange {
                // One file: the ranges are adjacent.
                merged.append(.init(file: parts[0].file, duration: duration, byteRange: .init(length: bytes, offset: first.offset), bytes: bytes))
                continue
            }
            let target = name(number + 1)
            try join(parts.map(\.file), into: target)
            merged.append(.init(file: target, duration: duration, bytes: bytes))
        }
        return merged
    }

    /// Appends the files after the first to it, removes them, and renames the first to `target`
    /// (files are renumbered in increasing order, so `target` is free).
    private func join(_ files: [String], into target: String) throws {
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        do {
            if files.count > 1 {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(files[0])))
                defer { try? handle.close() }
                try handle.seekToEnd()
                for file in files.dropFirst() {
                    try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: path(file))))
                    try FileManager.default.removeItem(atPath: path(file))
                }
            }
            if files[0] != target { try FileManager.default.moveItem(atPath: path(files[0]), toPath: path(target)) }
        } catch {
            throw MediaError(.io, "cannot join the segments \(files.joined(separator: ", ")) in \(folder) (MinSegmentLength): \(error.localizedDescription)", path: folder)
        }
    }
}
