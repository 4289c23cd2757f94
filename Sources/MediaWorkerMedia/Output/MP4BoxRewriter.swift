public import Foundation

/// Rewrites a finished MP4 or QuickTime file to the boxes ``MP4Boxes`` asks for, index at
/// the front: `moov` before `mdat` (the faststart pass), the top-level `free` boxes dropped
/// unless kept, a `cslg` box (version 0) after each `ctts`, and every chunk offset (`stco`,
/// `co64`) moved to where the media data went. The media data is untouched.
public enum MP4BoxRewriter {
    struct Box {
        var type: String
        var header: Int
        var range: Range<Int>
        var body: Range<Int> { range.lowerBound + header..<range.upperBound }
    }

    static let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl"]

    /// Rewrites the file at `path` in place, in one sequential copy: the muxer's file (index
    /// at the end, as libavformat writes it without `faststart`; or at the front) becomes
    /// `ftyp`, the rebuilt `moov`, the other boxes before the media, then `mdat` copied as is
    /// (8 MiB at a time), chunk offsets moved by where the media data went. This is the
    /// faststart pass too: the muxer is asked for none (``RenditionWorker``). Blocking.
    public static func rewriteFile(_ path: String, to boxes: MP4Boxes) throws {
        guard boxes != .muxerDefault else { return }
        guard let input = FileHandle(forReadingAtPath: path) else { throw MediaError(.io, "cannot open \(path) to finish its MP4 boxes", path: path) }
        defer { try? input.close() }
        let length = try input.seekToEnd()
        // The top-level boxes: their types, offsets and sizes.
        var top: [(type: String, offset: UInt64, size: UInt64)] = []
        var offset: UInt64 = 0
        while offset + 8 <= length {
            try input.seek(toOffset: offset)
            guard let header = try input.read(upToCount: 16), header.count >= 8 else { break }
            let head = [UInt8](header)
            var size = integer(head, 0, 4)
            if size == 1, head.count == 16 { size = integer(head, 8, 8) } else if size == 0 { size = length - offset }
            guard size >= 8, offset + size <= length else { throw MediaError(.invalidOutput, "\(path): an MP4 box of \(size) bytes at \(offset) runs past the file", path: path) }
            top.append((String(decoding: head[4..<8], as: UTF8.self), offset, size))
            offset += size
        }
        guard let mdat = top.first(where: { $0.type == "mdat" }), top.filter({ $0.type == "mdat" }).count == 1 else {
            throw MediaError(.invalidOutput, "\(path): not one mdat box (\(top.map(\.type)))", path: path)
        }
        // The head: every box but mdat, in order, moov moved before the media.
        var head = Data()
        for box in top where box.type != "mdat" {
            try input.seek(toOffset: box.offset)
            head.append(try input.read(upToCount: Int(box.size)) ?? Data())
        }
        let rebuilt = try rewrite(head, to: boxes, mediaWasAt: Int64(mdat.offset))
        let temporary = path + ".boxes"
        guard FileManager.default.createFile(atPath: temporary, contents: rebuilt), let output = FileHandle(forWritingAtPath: temporary) else {
            throw MediaError(.io, "cannot write \(temporary)", path: temporary)
        }
        do {
            defer { try? output.close() }
            try output.seekToEnd()
            try input.seek(toOffset: mdat.offset)
            var left = mdat.size
            while left > 0, let chunk = try input.read(upToCount: Int(min(left, 8 << 20))), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
                left -= UInt64(chunk.count)
            }
        }
        do {
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw MediaError(.io, "cannot put the finished MP4 \(temporary) in place of \(path): \(error.localizedDescription)", path: path)
        }
    }

    /// The top-level boxes other than `mdat` (`head`: `ftyp`, `free`, `moov`, …) rebuilt for
    /// `boxes`, to be followed by the media data: chunk offsets moved from the media's old
    /// place (`mediaWasAt`, the old `mdat` offset; `nil`: right after `head`) to right after
    /// the rebuilt head.
    public static func rewrite(_ head: Data, to boxes: MP4Boxes, mediaWasAt: Int64? = nil) throws(MediaError) -> Data {
        let bytes = [UInt8](head)
        let top = try children(bytes, in: 0..<bytes.count)
        guard let moovIndex = top.firstIndex(where: { $0.type == "moov" }) else {
            throw MediaError(.invalidOutput, "not an MP4 file with an index (no moov box): \(top.map(\.type))")
        }
        let kept = top.enumerated().filter { index, box in index == moovIndex || boxes.freeSpace || box.type != "free" }.map(\.element)
        // The moov's size does not depend on the shift (fixed-width offsets): size it first.
        let moovSize = try rebuild(bytes, top[moovIndex], shift: 0, cslg: boxes.compositionShift).count
        let newHead = kept.reduce(0) { $0 + ($1.type == "moov" ? moovSize : $1.range.count) }
        let moov = try rebuild(bytes, top[moovIndex], shift: Int64(newHead) - (mediaWasAt ?? Int64(bytes.count)), cslg: boxes.compositionShift)
        var output = Data()
        // ftyp first, then moov, then the rest (free, wide, …) in their order.
        for box in kept where box.type == "ftyp" { output.append(contentsOf: bytes[box.range]) }
        output.append(contentsOf: moov)
        for box in kept where box.type != "ftyp" && box.type != "moov" { output.append(contentsOf: bytes[box.range]) }
        return output
    }

    static func children(_ bytes: [UInt8], in range: Range<Int>) throws(MediaError) -> [Box] {
        var boxes: [Box] = []
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            var size = Int(integer(bytes, offset, 4))
            var header = 8
            if size == 1 {
                size = Int(integer(bytes, offset + 8, 8))
                header = 16
            } else if size == 0 {
                size = range.upperBound - offset
            }
            guard size >= header, offset + size <= range.upperBound else {
                throw MediaError(.invalidOutput, "an MP4 box at byte \(offset) runs past its parent (\(size) bytes)")
            }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            boxes.append(Box(type: type, header: header, range: offset..<offset + size))
            offset += size
        }
        return boxes
    }

    /// `box` with its children rebuilt: chunk offsets moved by `shift`, a `cslg` after each `ctts`.
    static func rebuild(_ bytes: [UInt8], _ box: Box, shift: Int64, cslg: Bool) throws(MediaError) -> [UInt8] {
        guard containers.contains(box.type) else { return try leaf(bytes, box, shift: shift) }
        var body: [UInt8] = []
        let kids = try children(bytes, in: box.body)
        for child in kids {
            body += try rebuild(bytes, child, shift: shift, cslg: cslg)
            if cslg, box.type == "stbl", child.type == "ctts", !kids.contains(where: { $0.type == "cslg" }),
                let shiftBox = compositionShiftBox(bytes, ctts: child, stts: kids.first { $0.type == "stts" })
            {
                body += shiftBox
            }
        }
        return sized(box.type, body)
    }

    static func leaf(_ bytes: [UInt8], _ box: Box, shift: Int64) throws(MediaError) -> [UInt8] {
        var copy = Array(bytes[box.range])
        guard shift != 0, box.type == "stco" || box.type == "co64" else { return copy }
        let width = box.type == "stco" ? 4 : 8
        let count = Int(integer(bytes, box.body.lowerBound + 4, 4))
        guard box.header + 8 + count * width <= copy.count else { throw MediaError(.invalidOutput, "a truncated \(box.type) box") }
        for entry in 0..<count {
            let at = box.header + 8 + entry * width
            let moved = Int64(integer(copy, at, width)) + shift
            guard moved >= 0, width == 8 || moved <= Int64(UInt32.max) else { throw MediaError(.invalidOutput, "a chunk offset moved out of range") }
            copy.replaceSubrange(at..<at + width, with: be(UInt64(moved), width))
        }
        return copy
    }

    /// The `cslg` (version 0) of a track from its `ctts` and `stts`: the composition-to-decode
    /// shift, the least and greatest offsets, and the first and last composition times.
    static func compositionShiftBox(_ bytes: [UInt8], ctts: Box, stts: Box?) -> [UInt8]? {
        guard let stts else { return nil }
        let cttsVersion = bytes[ctts.body.lowerBound]
        var offsets: [Int64] = []
        let cttsCount = Int(integer(bytes, ctts.body.lowerBound + 4, 4))
        for entry in 0..<cttsCount {
            let at = ctts.body.lowerBound + 8 + entry * 8
            guard at + 8 <= ctts.range.upperBound else { return nil }
            let samples = Int(integer(bytes, at, 4))
            let raw = integer(bytes, at + 4, 4)
            let offset = cttsVersion == 0 ? Int64(raw) : Int64(Int32(bitPattern: UInt32(raw)))
            offsets += Array(repeating: offset, count: samples)
        }
        var decode: Int64 = 0
        var least = Int64.max, greatest = Int64.min, start = Int64.max, end = Int64.min
        var sample = 0
        let sttsCount = Int(integer(bytes, stts.body.lowerBound + 4, 4))
        for entry in 0..<sttsCount {
            let at = stts.body.lowerBound + 8 + entry * 8
            guard at + 8 <= stts.range.upperBound else { return nil }
            let samples = Int(integer(bytes, at, 4))
            let duration = Int64(integer(bytes, at + 4, 4))
            for _ in 0..<samples where sample < offsets.count {
                let offset = offsets[sample]
                least = min(least, offset)
                greatest = max(greatest, offset)
                start = min(start, decode + offset)
                end = max(end, decode + offset + duration)
                decode += duration
                sample += 1
            }
        }
        guard sample > 0 else { return nil }
        let fields = [max(0, -least), least, greatest, start, end]
        guard fields.allSatisfy({ $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) }) else { return nil }
        var body: [UInt8] = [0, 0, 0, 0]
        for field in fields { body += be(UInt64(UInt32(bitPattern: Int32(field))), 4) }
        return sized("cslg", body)
    }

    static func sized(_ type: String, _ body: [UInt8]) -> [UInt8] {
        be(UInt64(body.count + 8), 4) + Array(type.utf8) + body
    }

    static func be(_ value: UInt64, _ width: Int) -> [UInt8] { BigEndian.bytes(value, width: width) }

    static func integer(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> UInt64 { BigEndian.read(bytes, at: offset, width: width) }
}
