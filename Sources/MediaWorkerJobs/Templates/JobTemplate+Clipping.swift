public import MediaWorkerMedia

/// `Inputs[0].InputClippings` under the input's `TimecodeSource`, for the local engine.
extension JobTemplate {
    /// The first input's first clipping (the local engine executes one); `nil` without one.
    /// `TimecodeSource` ZEROBASED, SPECIFIEDSTART (with `TimecodeStart`) or EMBEDDED
    /// (MediaConvert's default).
    public var inputClip: InputClip? {
        guard let input = settings["Inputs"]?.elements?.first, let clipping = input["InputClippings"]?.elements?.first else { return nil }
        let start = clipping["StartTimecode"]?.stringValue
        let end = clipping["EndTimecode"]?.stringValue
        guard start != nil || end != nil else { return nil }
        let source: InputClip.TimecodeSource
        switch input["TimecodeSource"]?.stringValue {
        case "ZEROBASED": source = .zeroBased
        case "SPECIFIEDSTART": source = .specifiedStart(input["TimecodeStart"]?.stringValue ?? "00:00:00:00")
        default: source = .embedded
        }
        return InputClip(startTimecode: start, endTimecode: end, timecodeSource: source)
    }
}
