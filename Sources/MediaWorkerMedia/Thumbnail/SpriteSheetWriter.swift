internal import CFFmpeg
import Foundation

/// Scrub-bar sprite sheets from a decoding pass already under way (the ladder's): every
/// `intervalSeconds` the first frame at or after that time (as the thumbnail extractor and
/// `ffmpeg -ss` take it) is scaled and turned upright like the thumbnail, and libavfilter's
/// `tile` lays the pictures out `columns`×`rows` a sheet; each sheet is encoded with mjpeg.
/// Fed by ``LadderTranscoder`` (one source, one pass); ``result`` is set once it is finished.
public final class SpriteSheetWriter {
    public let options: SpriteSheetOptions
    /// The sheets and tiles, once the pass has finished.
    public private(set) var result: SpriteSheetResult?
    private var graph: VideoFilterGraph?
    private var next = 0
    private var last: (frame: Frame, geometry: DisplayGeometry)?
    private var sheets: [SpriteSheetResult.Sheet] = []
    private var tiles: [SpriteSheetResult.Tile] = []

    /// Throws when the options are out of range.
    public init(options: SpriteSheetOptions) throws(MediaError) {
        guard options.intervalSeconds > 0, options.width >= 2, options.columns >= 1, options.rows >= 1, (2...31).contains(options.quality) else {
            throw MediaError(.invalidArgument, "sprite sheet options out of range: interval > 0, width ≥ 2, columns and rows ≥ 1, quality 2–31")
        }
        self.options = options
    }

    /// A decoded picture shown at `time` seconds (from the start of the kept part).
    func accept(_ frame: Frame, time: Double, geometry: DisplayGeometry) throws {
        while time >= Double(next) * options.intervalSeconds - 0.0005 { try addTile(frame, geometry: geometry) }
        last = (frame, geometry)
    }

    /// Ends the pass: the tile times not reached by a frame show the last picture, the last
    /// (partial) sheet is written, and each tile's end is set (the last one's is `duration`).
    func finish(duration: Double) throws {
        guard result == nil else { return }
        if let last {
            while Double(next) * options.intervalSeconds < duration - 0.0005 { try addTile(last.frame, geometry: last.geometry) }
        }
        if let graph {
            try graph.send(nil)
            try drain(graph)
        }
        for index in tiles.indices {
            tiles[index].end = index == tiles.count - 1 ? max(duration, tiles[index].start) : tiles[index + 1].start
        }
        result = SpriteSheetResult(sheets: sheets, tiles: tiles)
    }

    private func addTile(_ frame: Frame, geometry: DisplayGeometry) throws {
        let size = geometry.fittedSize(maxWidth: options.width, maxHeight: 1 << 20)
        let picture = try JPEGPicture.upright(frame, geometry: geometry, width: Int32(size.width), height: Int32(size.height))
        picture.pointer.pointee.pts = Int64(next)
        let graph = try self.graph ?? VideoFilterGraph(
            "tile=\(options.columns)x\(options.rows)",
            input: .init(width: picture.width, height: picture.height, pixelFormat: AV_PIX_FMT_YUV420P, timeBase: AVRational(num: 1, den: 1)), threads: 1)
        self.graph = graph
        guard picture.width == graph.input.width, picture.height == graph.input.height else {
            throw MediaError(.unsupportedContent, "the picture size changed within the stream; sprite sheets need one size (leave MediaWorkerThumbnails out for this source)")
        }
        let perSheet = options.columns * options.rows
        let cell = next % perSheet
        tiles.append(.init(
            sheet: next / perSheet, x: (cell % options.columns) * Int(picture.width), y: (cell / options.columns) * Int(picture.height),
            width: Int(picture.width), height: Int(picture.height), start: Double(next) * options.intervalSeconds, end: 0))
        next += 1
        try graph.send(picture)
        try drain(graph)
    }

    private func drain(_ graph: VideoFilterGraph) throws {
        while true {
            let sheet = try Frame()
            guard try graph.receive(into: sheet) else { return }
            let jpeg = try JPEGPicture.encode(sheet, quality: options.quality)
            let name = options.sheetName(sheets.count)
            let path = (options.directory as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
                try Data(jpeg).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw MediaError(.io, "cannot write the sprite sheet \(path): \(error.localizedDescription)", path: path)
            }
            sheets.append(.init(path: path, name: name, width: Int(sheet.width), height: Int(sheet.height), bytes: jpeg.count))
        }
    }
}
