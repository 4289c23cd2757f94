public import MediaWorkerJobs
import MediaWorkerJSON
public import MediaWorkerMedia

/// One short's MediaConvert job: the planned CreateJob request and where its video lands.
public struct ShortJob: Sendable {
    public var moment: MomentCandidate
    public var rank: Int
    public var job: PlannedJob
    /// The short's video in the delivery bucket: `shorts/<path>/<name>_short<N>.mp4`.
    public var key: String
    /// How many inputs (shots) the job has.
    public var inputs: Int
    /// The frame capture the job writes for the short's picture (its middle), and the key
    /// the worker copies it to (`shorts/<path>/<name>_short<N>.jpg`) once the job is done.
    public var capture: String
    public var thumbnail: String
}

/// The MediaConvert backend's shorts: one CreateJob per chosen moment, planned from the
/// shorts template as any job is (placeholders, sizes, the template's CreateJob members), with
/// the short's ``ShortInputs`` (one input per shot, clipped and statically cropped) in place of
/// the upload, outputs named `<name>_short<N>` under `shorts/<path>/`, and its own
/// `ClientRequestToken` (the upload's and the rank), so a repeated submit finds the job again.
public enum ShortJobs {
    /// `base` is the layout's `shorts/<path>/<name>`.
    public static func plan(
        template: JobTemplate, metadata: MediaMetadata, source: JobSource, plan: ShortsPlan, bucket: String, base: String, planner: JobPlanner
    ) throws -> [ShortJob] {
        let name = base.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? base
        let destination = JobDestination(bucket: bucket, prefix: String(base.dropLast(name.count)), baseName: name)
        var jobs: [ShortJob] = []
        for (index, moment) in plan.selection.chosen.enumerated() {
            let rank = moment.rank ?? index + 1
            let numbered = try JobTemplate.parse(Array(JSONWriter.write(Self.file(template, rank: rank)).utf8), name: template.name)
            var job = try planner.plan(template: numbered, metadata: metadata, source: source, destination: destination)
            let shots = ShortInputs.inputs(for: moment, path: plan.path, frameRate: plan.measurements.frameRate, fileInput: source.url).elements ?? []
            let first = job.request["Settings"]?["Inputs"]?.elements?.first ?? .object([])
            let inputs = shots.map { shot -> JSONValue in
                var input = first
                for member in shot.members ?? [] { input[member.key] = member.value }
                return input
            }
            job.request["Settings"]?["Inputs"] = .array(inputs)
            job.clientRequestToken += "-s\(rank)"
            job.request["ClientRequestToken"] = .string(job.clientRequestToken)
            job.request["UserMetadata"]?["short"] = .string(String(rank))
            let video = job.outputs.first { $0.container == .mp4 }
            let key = video?.key ?? "\(base)_short\(rank).mp4"
            let half = max(1, Int((moment.end - moment.start) / 2))
            let groups = (job.request["Settings"]?["OutputGroups"]?.elements ?? []) + [
                Self.pictureGroup(destination: destination.url, rank: rank, seconds: half, width: video?.width ?? 1080, height: video?.height ?? 1920),
            ]
            job.request["Settings"]?["OutputGroups"] = .array(groups)
            jobs.append(ShortJob(
                moment: moment, rank: rank, job: job, key: key, inputs: inputs.count, capture: "\(base)_short\(rank).0000001.jpg",
                thumbnail: "\(base)_short\(rank).jpg"))
        }
        return jobs
    }

    /// A `FRAME_CAPTURE` group taking two pictures, at 0 and `seconds` (the short's middle,
    /// as the local engine's thumbnail): `<name>_short<N>.0000000.jpg` and `.0000001.jpg`.
    static func pictureGroup(destination: String, rank: Int, seconds: Int, width: Int, height: Int) -> JSONValue {
        .object([
            "Name": .string("Short picture"),
            "OutputGroupSettings": .object([
                "Type": .string("FILE_GROUP_SETTINGS"), "FileGroupSettings": .object(["Destination": .string(destination)]),
            ]),
            "Outputs": .array([.object([
                "NameModifier": .string("_short\(rank)"),
                "ContainerSettings": .object(["Container": .string("RAW")]),
                "VideoDescription": .object([
                    "Width": .int(width), "Height": .int(height),
                    "CodecSettings": .object([
                        "Codec": .string("FRAME_CAPTURE"),
                        "FrameCaptureSettings": .object([
                            "FramerateNumerator": .int(1), "FramerateDenominator": .int(seconds), "MaxCaptures": .int(2), "Quality": .int(80),
                        ]),
                    ]),
                ]),
            ])]),
        ])
    }

    /// The template as a file whose outputs are named `_short<N>` (the template's own
    /// `NameModifier`, `_short` by default, and the rank) and whose groups leave `Destination`
    /// to the job, so they land under `shorts/<path>/`.
    static func file(_ template: JobTemplate, rank: Int) -> JSONValue {
        var settings = template.settings
        var groups = settings["OutputGroups"]?.elements ?? []
        for index in groups.indices {
            var outputs = groups[index]["Outputs"]?.elements ?? []
            for output in outputs.indices {
                outputs[output]["NameModifier"] = .string((outputs[output]["NameModifier"]?.stringValue ?? "_short") + String(rank))
            }
            groups[index]["Outputs"] = .array(outputs)
            if var groupSettings = groups[index]["OutputGroupSettings"] {
                for member in groupSettings.members ?? [] where member.value["Destination"] != nil {
                    var typed = member.value
                    typed["Destination"] = nil
                    groupSettings[member.key] = typed
                }
                groups[index]["OutputGroupSettings"] = groupSettings
            }
        }
        settings["OutputGroups"] = .array(groups)
        return .object([JSONValue.Member("Settings", settings)] + template.jobMembers)
    }
}
