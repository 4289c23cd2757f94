import Foundation
import MediaWorkerMedia

/// Where the local engine reads `ImageInserterInput` images: a local path or a `file://` URL,
/// else a file of that name beside the input. Images in S3 are fetched before the engine runs
/// (MediaWorkerService's SideInputs, which names the local file here); other schemes are refused.
enum ImageInputs {
    /// The template's input images and each output's, resolved, on every rendition.
    static func apply(to options: inout LadderOptions, template: JobTemplate, file: String) throws(MediaError) {
        let inputImages = try resolve(template.inputImages, input: file)
        for index in options.renditions.indices {
            options.renditions[index].inputImages = inputImages
            // An output's StartTime is in the output's timecode (TimecodeConfig).
            options.renditions[index].outputImages = try resolve(options.renditions[index].outputImages, input: file).map { image in
                var image = image
                image.timecodeOrigin = template.burninStartTimecode
                return image
            }
        }
    }

    static func resolve(_ overlays: [ImageOverlay], input: String) throws(MediaError) -> [ImageOverlay] {
        var resolved: [ImageOverlay] = []
        for var overlay in overlays {
            overlay.path = try path(of: overlay.path, input: input)
            resolved.append(overlay)
        }
        return resolved
    }

    static func path(of written: String, input: String) throws(MediaError) -> String {
        if let scheme = written.range(of: "://").map({ written[..<$0.lowerBound].lowercased() }), scheme != "file" {
            throw MediaError(.unsupportedContent, "ImageInserterInput \(written): the local engine reads images from a local path or a file:// URL; "
                + (scheme == "s3" ? "side inputs in S3 are fetched into the job folder by the worker and `media-worker process` before it runs, and this caller did not"
                    : "side inputs from \(scheme):// are not fetched. Put the image in S3 or beside the input, or run this template on MediaConvert"))
        }
        let path = written.hasPrefix("file://") ? String(written.dropFirst(7)) : written
        if FileManager.default.fileExists(atPath: path) { return path }
        let beside = ((input as NSString).deletingLastPathComponent as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        if FileManager.default.fileExists(atPath: beside) { return beside }
        throw MediaError(.io, "ImageInserterInput \(written): no such file (looked at \(path) and \(beside)); check the template's path", path: path)
    }
}
