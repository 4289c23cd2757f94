import MediaWorkerJSON

/// `Inputs[0].VideoSelector.Rotate`, as MediaConvert documents it: by default the service does
/// no rotation, even if the input has rotation metadata; AUTO follows the metadata.
extension JobTemplate {
    /// The clockwise degrees the first input's pictures are turned by; `nil` for AUTO (the
    /// source's display matrix). A template without `Inputs` is AUTO: the planner writes the
    /// input itself with `Rotate: AUTO`.
    public var inputRotation: Int? {
        guard let input = settings["Inputs"]?.elements?.first else { return nil }
        switch input["VideoSelector"]?["Rotate"]?.stringValue {
        case "AUTO": return nil
        case "DEGREES_90": return 90
        case "DEGREES_180": return 180
        case "DEGREES_270": return 270
        default: return 0
        }
    }
}
