import Foundation

/// The runtime values a template refers to as `{{NAME}}` inside strings. The planner
/// replaces them for each upload.
public enum Placeholder: String, Sendable, CaseIterable {
    /// The source object: `s3://watch-bucket/inputs/show/ep1.mov`.
    case inputURL = "INPUT_URL"
    /// The rendition folder for this upload: `s3://delivery-bucket/audiovideo/show/`.
    case destination = "DESTINATION"
    /// The delivery bucket's name.
    case destinationBucket = "DESTINATION_BUCKET"
    /// The upload's file name without extension: `ep1`.
    case baseName = "BASE_NAME"
    /// The caption file uploaded beside the upload (`s3://watch-bucket/inputs/show/ep1.srt` for
    /// `ep1.mp4`; SRT, WebVTT, SBV, TTML or DFXP), for a caption selector's `SourceFile`. Without
    /// one, the planner leaves out every caption selector naming it and the captions that use them.
    case captionsURL = "CAPTIONS_URL"

    /// The `{{NAME}}` placeholders in `text`, known or not.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// `text` with every known placeholder replaced by its value.
    public static func substitute(_ text: String, values: [Placeholder: String]) -> String {
        var result = text
        for (placeholder, value) in values { result = result.replacingOccurrences(of: "{{\(placeholder.rawValue)}}", with: value) }
        return result
    }
}
