import MediaWorkerMedia
import MediaWorkerJSON

/// Reading the `ImageInserter` preprocessor: `InsertableImages[]` of an input
/// (`Inputs[].ImageInserter`, input coordinates) or of an output
/// (`VideoDescription.VideoPreprocessors.ImageInserter`, output coordinates).
extension JobTemplate {
    /// The image inserter members MediaConvert's model gives, with their ranges.
    static let insertableImageIntegers: [(String, ClosedRange<Int>)] = [
        ("ImageX", 0...2_147_483_647), ("ImageY", 0...2_147_483_647), ("Width", 0...2_147_483_647), ("Height", 0...2_147_483_647),
        ("Layer", 0...99), ("Opacity", 0...100), ("Duration", 0...2_147_483_647), ("FadeIn", 0...2_147_483_647), ("FadeOut", 0...2_147_483_647),
    ]

    /// The images of the `ImageInserter` member of `parent` (at `path`), checked; images
    /// without `ImageInserterInput` are left out. `ImageInserterInput` is kept as written
    /// (the local engine resolves it when it runs the job).
    static func readImageInserter(_ parent: JSONValue, at path: String, _ reader: inout TemplateReader) -> [ImageOverlay] {
        guard let inserter = reader.object(parent, "ImageInserter", at: path) else { return [] }
        let at = path + ".ImageInserter"
        guard let images = reader.array(inserter, "InsertableImages", at: at) else { return [] }
        var overlays: [ImageOverlay] = []
        for (index, image) in images.enumerated() {
            let imagePath = "\(at).InsertableImages[\(index)]"
            guard case .object = image else {
                reader.error(imagePath, "expected an object, got \(image.kindDescription)")
                continue
            }
            var values: [String: Int] = [:]
            for (member, range) in insertableImageIntegers {
                if let value = reader.integer(image, member, at: imagePath, range: range) { values[member] = value }
            }
            let start = reader.string(image, "StartTime", at: imagePath)
            if let start {
                do {
                    _ = try InputClip.seconds(start, framesPerSecond: 30)
                } catch {
                    reader.error(imagePath + ".StartTime", error.message)
                }
            }
            guard let input = reader.string(image, "ImageInserterInput", at: imagePath) else { continue }
            overlays.append(ImageOverlay(
                path: input, x: values["ImageX"] ?? 0, y: values["ImageY"] ?? 0, width: values["Width"].flatMap { $0 > 0 ? $0 : nil },
                height: values["Height"].flatMap { $0 > 0 ? $0 : nil }, layer: values["Layer"] ?? 0, opacity: values["Opacity"] ?? 50,
                startTimecode: start, durationMilliseconds: values["Duration"].flatMap { $0 > 0 ? $0 : nil }, fadeInMilliseconds: values["FadeIn"] ?? 0,
                fadeOutMilliseconds: values["FadeOut"] ?? 0))
        }
        return overlays
    }
}
