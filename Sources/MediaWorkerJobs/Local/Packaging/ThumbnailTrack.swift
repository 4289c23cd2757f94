import Foundation
import MediaWorkerMedia

/// The template's `MediaWorkerThumbnails` made locally: sprite sheets `<stem>_sprite_1.jpg`,
/// `_sprite_2.jpg`, ... and the WebVTT thumbnails track `<stem>_thumbnails.vtt` beside them,
/// one cue per tile (`ep1_sprite_1.jpg#xywh=160,0,160,90`, the sheets named relative to the
/// track), the cues contiguous from 0 to the end of the video. `stem` is the thumbnail's key
/// without its extension (`thumbnail/show/ep1`).
struct ThumbnailTrack {
    var settings: TemplateThumbnails
    var stem: String

    /// The track's key: `thumbnail/show/ep1_thumbnails.vtt`.
    var trackKey: String { stem + Self.trackSuffix }
    static let trackSuffix = "_thumbnails.vtt"

    /// The sheets' writer options, into the stem's folder under `outputRoot`.
    func options(outputRoot: String) -> SpriteSheetOptions {
        let path = (outputRoot as NSString).appendingPathComponent(stem)
        return SpriteSheetOptions(
            intervalSeconds: Double(settings.intervalSeconds), width: settings.width, columns: settings.columns, rows: settings.rows,
            quality: settings.quantizer, directory: (path as NSString).deletingLastPathComponent,
            prefix: (path as NSString).lastPathComponent + "_sprite_")
    }

    /// The WebVTT text naming `result`'s tiles.
    static func webVTT(_ result: SpriteSheetResult) -> String {
        var text = "WEBVTT\n"
        for tile in result.tiles {
            text += "\n\(timestamp(tile.start)) --> \(timestamp(tile.end))\n"
            text += "\(result.sheets[tile.sheet].name)#xywh=\(tile.x),\(tile.y),\(tile.width),\(tile.height)\n"
        }
        return text
    }

    /// `3725.5` → `01:02:05.500`.
    static func timestamp(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000)
    }

    /// Writes the track under `outputRoot`; the job record's entries for the sheets and the track.
    func write(_ result: SpriteSheetResult, outputRoot: String) throws -> [LocalJobOutput] {
        let folder = (stem as NSString).deletingLastPathComponent
        var outputs = result.sheets.map { sheet in
            LocalJobOutput(role: .sprite, path: (folder as NSString).appendingPathComponent(sheet.name), bytes: Int64(sheet.bytes), width: sheet.width, height: sheet.height)
        }
        let text = Self.webVTT(result)
        let path = (outputRoot as NSString).appendingPathComponent(trackKey)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw MediaError(.io, "cannot write the thumbnails track \(path): \(error.localizedDescription)", path: path)
        }
        outputs.append(LocalJobOutput(role: .thumbnailTrack, path: trackKey, bytes: Int64(text.utf8.count), duration: result.tiles.last?.end))
        return outputs
    }
}
