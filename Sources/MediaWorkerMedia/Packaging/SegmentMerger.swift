import Foundation

/// `MinSegmentLength`, and DASH and CMAF segments of several fragments (`FragmentLength`
/// shorter than `SegmentLength`): consecutive segments are joined until they last at least
/// the minimum, and a last segment shorter than `finalMinimumSeconds` is joined to the one
/// before (`MinFinalSegmentLength`; HLS's `MinSegmentLength` gives no short last segment).
/// TS segments are joined by concatenation; fMP4 ones keep the first part's `styp`, get one
/// `sidx` over the whole segment, then every part's `moof`+`mdat` (a segment of several
/// fragments); one file's byte ranges are joined into one range. Segment files are renumbered
/// from 1 afterwards.
struct SegmentMerger {
    var minimumSeconds: Double
    var finalMinimumSeconds: Double = 0
    /// fMP4 parts (their `styp`/`sidx` rewritten), else TS (plain concatenation).
    var fragmented = false
    var folder: String
    /// The segment file name for a number (`clip_180p_00003.ts`).
    var name: (Int) -> String

    /// The groups of consecutive segments that become one segment, as index ranges.
    static func groups(_ durations: [Double], minimum: Double, finalMinimum: Double = 0) -> [Range<Int>] {
        guard !durations.isEmpty else { return [] }
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
        if start < durations.count { groups.append(start..<durations.count) }
        if groups.count > 1, let last = groups.last, durations[last].reduce(0, +) < finalMinimum - 0.0005 {
            groups.removeLast()
            let before = groups.removeLast()
            groups.append(before.lowerBound..<durations.count)
        }
        return groups
    }

    /// Joins `segments` as ``groups(_:minimum:)`` says, on disk and in the index.
    func merge(_ segments: [SegmentIndex.Segment]) throws -> [SegmentIndex.Segment] {
        let groups = Self.groups(segments.map(\.duration), minimum: minimumSeconds, finalMinimum: finalMinimumSeconds)
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
            // fMP4 parts lose their own styp and sidx: the joined file's size is the segment's.
            let size = fragmented && parts.count > 1 ? Self.size((folder as NSString).appendingPathComponent(target)) ?? bytes : bytes
            merged.append(.init(file: target, duration: duration, bytes: size))
        }
        return merged
    }

    static func size(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }

    /// Appends the files after the first to it, removes them, and renames the first to `target`
    /// (files are renumbered in increasing order, so `target` is free).
    private func join(_ files: [String], into target: String) throws {
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        do {
            if files.count > 1, fragmented {
                let parts = try files.map { try Data(contentsOf: URL(fileURLWithPath: path($0))) }
                try IndexedMP4.concatenate(parts, names: files).write(to: URL(fileURLWithPath: path(files[0])), options: .atomic)
                for file in files.dropFirst() { try FileManager.default.removeItem(atPath: path(file)) }
            } else if files.count > 1 {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(files[0])))
                defer { try? handle.close() }
                try handle.seekToEnd()
                for file in files.dropFirst() {
                    try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: path(file))))
                    try FileManager.default.removeItem(atPath: path(file))
                }
            }
            if files[0] != target { try FileManager.default.moveItem(atPath: path(files[0]), toPath: path(target)) }
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError(.io, "cannot join the segments \(files.joined(separator: ", ")) in \(folder) into one: \(error.localizedDescription)", path: folder)
        }
    }
}
