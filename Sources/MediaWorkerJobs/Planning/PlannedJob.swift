public import MediaWorkerJSON

/// A concrete job for one upload: the CreateJob request and what it will write.
public struct PlannedJob: Sendable {
    /// The CreateJob request in the SDK's shape (`Role`, `Settings`, `OutputGroups`...), as
    /// `aws mediaconvert create-job --cli-input-json` takes it.
    public var request: JSONValue
    public var outputs: [PlannedOutput]
    /// Outputs left out, with the reason (`_1080p: above the source's 720 lines`).
    public var dropped: [String]
    /// What the plan decided that the template leaves open (`_1080p: 1920×1080 turned to
    /// 1080×1920, the source's portrait orientation`).
    public var notes: [String] = []
    /// The multivariant playlist key of each HLS group.
    public var playlists: [String]
    public var clientRequestToken: String
    public var templateName: String
    public var templateVersion: String
    /// The source's duration in seconds as the planner's probe read it (`nil`: unknown), so
    /// that the local engine's steps that need it (automated ABR's trial window, frame
    /// captures) do not probe the file again.
    public var sourceDuration: Double? = nil

    /// The HTTP body MediaConvert receives: the same members with the API's wire names.
    public var wireBody: String { JSONWriter.write(MediaConvertWire.body(from: request)) }
}
