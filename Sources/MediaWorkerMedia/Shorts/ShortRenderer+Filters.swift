import Foundation

/// The libavfilter graph of a short and the `sendcmd` file that moves its crop window.
extension ShortRenderer {
    /// One command per output frame moving the camera's crop window (`crop@camera x …`),
    /// times from the short's start.
    static func writeCommands(_ request: ShortRenderRequest, frameRate: Double, to path: String) throws {
        var text = ""
        let step = 1 / max(1, frameRate)
        var time = 0.0
        while time < request.end - request.start {
            text += "\(String(format: "%.4f", time)) crop@camera x \(request.left(request.start + time));\n"
            time += step
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw MediaError(.io, "cannot write \(path): \(error.localizedDescription)", path: path)
        }
    }

    /// The graph: crop along the path and scale (or, during `fillRanges`, the whole frame over
    /// a blurred fill), the overlay filters, the watermark.
    static func filters(_ request: ShortRenderRequest, commands: String) -> String {
        let x0 = request.left(request.start)
        let camera = "sendcmd=f=\(quoted(commands)),crop@camera=w=\(request.windowWidth):h=\(request.windowHeight):x=\(x0):y='(ih-oh)/2':exact=1,"
            + "scale=\(request.outputWidth):\(request.outputHeight):flags=lanczos,setsar=1"
        var chain: String
        if let enable = fillExpression(request.fillRanges) {
            // Both pictures are made from every frame (one `split`), and the second `overlay`
            // shows the fill only while `enable` holds: the switch is exact to the frame and
            // both branches keep the same timestamps, so nothing drifts or drops.
            chain = "[in]format=yuv420p,split=3[camera][whole][back];[camera]\(camera)[cropped];" + fill(request) + "[blurred][fitted]overlay=x=0:y='(H-h)/2'[filled];"
                + "[cropped][filled]overlay=x=0:y=0:enable='\(enable)'"
        } else {
            chain = "[in]format=yuv420p," + camera
        }
        if !request.overlayFilters.isEmpty { chain += "," + request.overlayFilters }
        guard let watermark = request.watermark else { return chain + ",format=yuv420p[out]" }
        return chain + "[base];movie=filename=\(quoted(watermark)),format=rgba,colorchannelmixer=aa=\(String(format: "%.3f", request.watermarkOpacity))[mark];"
            + "[base][mark]overlay=x=\(request.watermarkX):y=\(request.watermarkY):format=auto,format=yuv420p[out]"
    }

    /// The blurred-fill branches: `[back]` scaled to cover an eighth of the output, cropped,
    /// blurred and scaled back up (blurring the small picture is cheap) as `[blurred]`, and
    /// `[whole]` scaled to the output's width as `[fitted]`.
    static func fill(_ request: ShortRenderRequest) -> String {
        let smallWidth = max(2, request.outputWidth / 8) & ~1
        let smallHeight = max(2, request.outputHeight / 8) & ~1
        return "[back]scale=w=\(smallWidth):h=\(smallHeight):force_original_aspect_ratio=increase,crop=\(smallWidth):\(smallHeight),"
            + "gblur=sigma=\(String(format: "%.1f", Double(smallHeight) / 40)),scale=\(request.outputWidth):\(request.outputHeight):flags=bicubic,setsar=1[blurred];"
            + "[whole]scale=w=\(request.outputWidth):h=-2:flags=lanczos,setsar=1[fitted];"
    }

    /// `enable` of the fill: true within any of `ranges` (seconds of the short), nil when none;
    /// a frame belongs to a range when its time is in it (to a millisecond, as a frame's time
    /// is rounded to its time base).
    static func fillExpression(_ ranges: [Range<Double>]) -> String? {
        let terms = ranges.filter { !$0.isEmpty }.map { "gte(t,\(String(format: "%.4f", $0.lowerBound - 0.001)))*lt(t,\(String(format: "%.4f", $0.upperBound - 0.001)))" }
        return terms.isEmpty ? nil : terms.joined(separator: "+")
    }

    /// A path as a filter argument: in single quotes (the graph parser's level), its colons
    /// escaped (the option parser's level). Paths with `'` or `\\` are not supported; the
    /// renderer only passes paths it made.
    public static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: ":", with: "\\:") + "'"
    }
}
