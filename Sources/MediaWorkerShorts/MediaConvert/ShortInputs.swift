public import MediaWorkerJSON

/// The MediaConvert `Inputs` that render one short: one input per shot the short spans, each
/// clipped to its part of the short (`InputClippings`, zero-based timecodes) and cropped at the
/// camera's median position for that shot. MediaConvert cannot move a crop inside an input, so a
/// shot the local camera pans across is held still here.
public enum ShortInputs {
    /// `moment` is the short's range in the programme, `path` the camera's path over the whole
    /// programme, `frameRate` the source's (for timecodes), `fileInput` the upload's S3 URL.
    public static func inputs(for moment: MomentCandidate, path: CropPath, frameRate: Double, fileInput: String) -> JSONValue {
        let pieces = path.shots.compactMap { shot -> (CameraShot, Double, Double)? in
            let start = max(shot.start, moment.start)
            let end = min(shot.end, moment.end)
            return end - start >= 1 / max(1, frameRate) ? (shot, start, end) : nil
        }
        let ranges = pieces.isEmpty ? [(nil, moment.start, moment.end)] : pieces.map { (Optional($0.0), $0.1, $0.2) }
        return .array(ranges.map { shot, start, end in
            let centre = shot?.medianCentreX ?? 0.5
            let left = min(max(0, Int((centre * Double(path.sourceWidth) - Double(path.windowWidth) / 2).rounded())), max(0, path.sourceWidth - path.windowWidth)) & ~1
            return .object([
                "FileInput": .string(fileInput),
                "TimecodeSource": .string("ZEROBASED"),
                "InputClippings": .array([.object([
                    "StartTimecode": .string(timecode(start, frameRate: frameRate)),
                    "EndTimecode": .string(timecode(end, frameRate: frameRate)),
                ])]),
                "Crop": .object([
                    "X": .int(left), "Y": .int(max(0, (path.sourceHeight - path.windowHeight) / 2) & ~1),
                    "Width": .int(path.windowWidth), "Height": .int(path.windowHeight),
                ]),
                "AudioSelectors": .object(["Audio Selector 1": .object(["DefaultSelection": .string("DEFAULT")])]),
                "VideoSelector": .object(["Rotate": .string("AUTO")]),
            ])
        })
    }

    /// `HH:MM:SS:FF` at the nominal integer frame rate (29.97 counts as 30, as MediaConvert's
    /// non-drop-frame timecodes do).
    public static func timecode(_ seconds: Double, frameRate: Double) -> String {
        let fps = max(1, Int(frameRate.rounded()))
        let frames = Int((seconds * Double(fps)).rounded())
        let (hours, rest) = frames.quotientAndRemainder(dividingBy: 3600 * fps)
        let (minutes, rest2) = rest.quotientAndRemainder(dividingBy: 60 * fps)
        let (secs, frame) = rest2.quotientAndRemainder(dividingBy: fps)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(hours)):\(two(minutes)):\(two(secs)):\(two(frame))"
    }
}
