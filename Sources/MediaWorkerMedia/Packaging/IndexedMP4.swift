import Foundation

/// DASH `SegmentControl: SINGLE_FILE`: one rendition's fMP4 segments joined into one file,
/// `ftyp`+`moov` (the initialization segment), one `sidx` indexing every segment, then each
/// segment's `moof`+`mdat` (their own `styp`/`sidx` left out; `default-base-is-moof` keeps the
/// fragments' offsets valid). An MPD addresses it with `SegmentBase` (`indexRange`,
/// `Initialization range`).
public enum IndexedMP4 {
    /// Where the parts lie in the joined file (inclusive byte ranges, as the MPD writes them).
    public struct Layout: Sendable, Equatable {
        public var initialization: ClosedRange<Int64>
        public var index: ClosedRange<Int64>
        public var bytes: Int64
        /// Each segment's byte range (its `moof`+`mdat`).
        public var segments: [ClosedRange<Int64>]
    }

    struct SegmentIndexBox {
        var referenceID: UInt32
        var timescale: UInt32
        var earliestPresentationTime: UInt64
        var duration: UInt64
    }

    /// Joins `initialization` and `segments` (files in `folder`) into `name` there, removing
    /// the parts. Throws when a segment has no `sidx` (its timing) or the timescales differ.
    public static func join(initialization: String, segments: [String], in folder: String, into name: String) throws -> Layout {
        let path = { (file: String) in (folder as NSString).appendingPathComponent(file) }
        do {
            let initData = try Data(contentsOf: URL(fileURLWithPath: path(initialization)))
            var media: [Data] = []
            var indexes: [SegmentIndexBox] = []
            for segment in segments {
                let data = try Data(contentsOf: URL(fileURLWithPath: path(segment)))
                var kept = Data()
                var index: SegmentIndexBox?
                for box in try boxes(data, file: segment) {
                    if box.type == "sidx", index == nil { index = try sidx(data[box.range], file: segment) }
                    if box.type != "sidx" && box.type != "styp" { kept.append(data[box.range]) }
                }
                guard let index else { throw MediaError(.invalidOutput, "\(segment) has no sidx box; it cannot be indexed in one file", path: path(segment)) }
                guard indexes.first.map({ $0.timescale == index.timescale }) ?? true else {
                    throw MediaError(.invalidOutput, "\(segment): sidx timescale \(index.timescale) differs from the first segment's", path: path(segment))
                }
                indexes.append(index)
                media.append(kept)
            }
            guard let first = indexes.first else { throw MediaError(.invalidOutput, "no segment to join into \(name)", path: path(name)) }
            let index = sidxBox(first, durations: indexes.map(\.duration), sizes: media.map { UInt32($0.count) })
            var joined = initData
            joined.append(index)
            var ranges: [ClosedRange<Int64>] = []
            for part in media {
                let start = Int64(joined.count)
                joined.append(part)
                ranges.append(start...(Int64(joined.count) - 1))
            }
            try joined.write(to: URL(fileURLWithPath: path(name)), options: .atomic)
            for file in [initialization] + segments where file != name { try FileManager.default.removeItem(atPath: path(file)) }
            let initEnd = Int64(initData.count) - 1
            return Layout(initialization: 0...initEnd, index: (initEnd + 1)...(initEnd + Int64(index.count)), bytes: Int64(joined.count), segments: ranges)
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError(.io, "cannot join the segments into \(path(name)) (SegmentControl SINGLE_FILE): \(error.localizedDescription)", path: path(name))
        }
    }

    /// One fMP4 segment of several fragments, from segment files: the first part's `styp`, one
    /// `sidx` over all of them (the first's track, timescale and earliest presentation time,
    /// the durations added up), then every part's other boxes (`moof`+`mdat`). Parts without a
    /// `sidx` are joined without one.
    static func concatenate(_ parts: [Data], names: [String]) throws -> Data {
        var styp: Data?
        var first: SegmentIndexBox?
        var total: UInt64 = 0
        var indexed = true
        var media = Data()
        for (part, name) in zip(parts, names) {
            var index: SegmentIndexBox?
            for box in try boxes(part, file: name) {
                switch box.type {
                case "styp": if styp == nil { styp = part[box.range] }
                case "sidx": if index == nil { index = try sidx(part[box.range], file: name) }
                default: media.append(part[box.range])
                }
            }
            guard let index else {
                indexed = false
                continue
            }
            if let first, first.timescale != index.timescale {
                throw MediaError(.invalidOutput, "\(name): sidx timescale \(index.timescale) differs from the first part's", path: name)
            }
            first = first ?? index
            total += index.duration
        }
        var joined = styp ?? Data()
        if indexed, let first { joined.append(sidxBox(first, durations: [total], sizes: [UInt32(clamping: media.count)])) }
        joined.append(media)
        return joined
    }

    /// The top-level boxes of `data`: their four-character type and byte range.
    static func boxes(_ data: Data, file: String) throws -> [(type: String, range: Range<Int>)] {
        var result: [(String, Range<Int>)] = []
        var offset = data.startIndex
        while offset + 8 <= data.endIndex {
            var size = Int(integer(data, at: offset, bytes: 4))
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if size == 1, offset + 16 <= data.endIndex { size = Int(integer(data, at: offset + 8, bytes: 8)) }
            if size == 0 { size = data.endIndex - offset }
            guard size >= 8, offset + size <= data.endIndex else { throw MediaError(.invalidOutput, "\(file): a \(type) box overruns the file", path: file) }
            result.append((type, offset..<(offset + size)))
            offset += size
        }
        return result
    }

    /// Reads a `sidx` box: its track, timescale, earliest presentation time and total duration.
    static func sidx(_ box: Data, file: String) throws -> SegmentIndexBox {
        let base = box.startIndex
        guard box.count >= 32 else { throw MediaError(.invalidOutput, "\(file): sidx too short", path: file) }
        let version = box[base + 8]
        let referenceID = UInt32(integer(box, at: base + 12, bytes: 4))
        let timescale = UInt32(integer(box, at: base + 16, bytes: 4))
        let time = version == 0 ? integer(box, at: base + 20, bytes: 4) : integer(box, at: base + 20, bytes: 8)
        let references = base + (version == 0 ? 28 : 36)
        guard references + 4 <= box.endIndex else { throw MediaError(.invalidOutput, "\(file): sidx too short", path: file) }
        let count = Int(integer(box, at: references + 2, bytes: 2))
        var duration: UInt64 = 0
        for reference in 0..<count {
            let entry = references + 4 + reference * 12
            guard entry + 12 <= box.endIndex else { throw MediaError(.invalidOutput, "\(file): sidx references overrun the box", path: file) }
            duration += integer(box, at: entry + 4, bytes: 4)
        }
        return SegmentIndexBox(referenceID: referenceID, timescale: timescale, earliestPresentationTime: time, duration: duration)
    }

    /// A version 1 `sidx`: one media reference per segment, each starting with a SAP of type 1.
    static func sidxBox(_ first: SegmentIndexBox, durations: [UInt64], sizes: [UInt32]) -> Data {
        var box = Data()
        func put(_ value: UInt64, _ bytes: Int) { box.append(contentsOf: BigEndian.bytes(value, width: bytes)) }
        put(UInt64(40 + 12 * sizes.count), 4)
        box.append(contentsOf: Array("sidx".utf8))
        put(0x0100_0000, 4)  // version 1, flags 0
        put(UInt64(first.referenceID), 4)
        put(UInt64(first.timescale), 4)
        put(first.earliestPresentationTime, 8)
        put(0, 8)  // first_offset: the first segment follows the sidx
        put(0, 2)
        put(UInt64(sizes.count), 2)
        for (size, duration) in zip(sizes, durations) {
            put(UInt64(size & 0x7fff_ffff), 4)  // reference_type 0 (media)
            put(duration, 4)
            put(0x9000_0000, 4)  // starts_with_SAP 1, SAP_type 1, SAP_delta_time 0
        }
        return box
    }

    static func integer(_ data: Data, at offset: Int, bytes: Int) -> UInt64 {
        BigEndian.read(data, at: offset, width: bytes)
    }
}
