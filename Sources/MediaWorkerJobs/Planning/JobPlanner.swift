import MediaWorkerJSON
public import MediaWorkerMedia
import MediaWorkerSigning

/// Turns a template plus an upload's probe into a concrete job: placeholders replaced,
/// outputs above the source dropped (the media engine's shorter-side rule, at least one output
/// per group kept), sizes fitted to the source's shape (portrait stays portrait), the source in
/// `UserMetadata`, and an idempotent `ClientRequestToken`.
public struct JobPlanner: Sendable {
    public var submission: JobSubmission

    public init(submission: JobSubmission) {
        self.submission = submission
    }

    /// `mw-` and the SHA-256 of bucket, key and ETag: the same upload always gets the same
    /// token, so a repeated submit returns the job already created.
    public static func clientRequestToken(for source: JobSource) -> String {
        "mw-" + Hex.encode(SHA256.hash(Array("\(source.bucket)\n\(source.key)\n\(source.etag)".utf8))).prefix(40)
    }

    /// The value of each ``Placeholder`` for an upload (also what the side inputs' URIs are read with).
    public static func placeholderValues(source: JobSource, destination: JobDestination) -> [Placeholder: String] {
        var values: [Placeholder: String] = [
            .inputURL: source.url, .destination: destination.url, .destinationBucket: destination.bucket, .baseName: destination.baseName,
        ]
        if let captions = source.captionsURL { values[.captionsURL] = captions }
        return values
    }

    public func plan(template: JobTemplate, metadata: MediaMetadata, source: JobSource, destination: JobDestination) throws(PlanningError) -> PlannedJob {
        let video = metadata.primaryVideo
        let hasAudio = !metadata.audio.isEmpty
        guard video != nil || hasAudio else { throw PlanningError(.noMedia, "\(source.key) has neither video nor audio to encode") }
        let geometry = video.map {
            DisplayGeometry(codedWidth: $0.width, codedHeight: $0.height, sampleAspect: Self.ratio($0.sampleAspectRatio), rotation: template.inputRotation ?? $0.rotation)
        }
        let values = Self.placeholderValues(source: source, destination: destination)
        var dropped: [String] = []
        var settings = source.captionsURL == nil ? Self.withoutCaptionsBeside(template.settings, dropped: &dropped) : template.settings
        settings = settings.mapStrings { Placeholder.substitute($0, values: values) }
        settings["Inputs"] = Self.inputs(settings["Inputs"], url: source.url)

        var outputs: [PlannedOutput] = []
        var notes: [String] = []
        var playlists: [String] = []
        var groups: [JSONValue] = []
        for (group, groupJSON) in zip(template.outputGroups, settings["OutputGroups"]?.elements ?? []) {
            var kept = choose(group, geometry: geometry, hasAudio: hasAudio, dropped: &dropped)
            if let geometry { notes += OutputFraming.orientationNotes(kept.map { ($0.output, $0.size, $0.frame) }, geometry: geometry) }
            guard !kept.isEmpty else { continue }
            let destinationURL = Placeholder.substitute(group.destination ?? destination.url, values: values)
            let (keyPrefix, base) = Self.keyPrefix(destinationURL, bucket: destination.bucket, inputBase: destination.baseName)
            var outputJSON: [JSONValue] = []
            let templateOutputs = groupJSON["Outputs"]?.elements ?? []
            for index in kept.indices {
                var choice = kept[index]
                var json = templateOutputs[choice.output.index]
                if let size = choice.size {
                    // An automated ABR output is sent as written: MediaConvert sizes its renditions.
                    if !group.automatedEncoding && choice.frame == nil {
                        json["VideoDescription"]?["Width"] = .int(size.width)
                        json["VideoDescription"]?["Height"] = .int(size.height)
                    }
                } else {
                    json["VideoDescription"] = nil
                }
                if !hasAudio { json["AudioDescriptions"] = nil }
                outputJSON.append(json)
                let container: PlannedOutput.Container = switch group.kind {
                case .hls: .hls
                case .file: .file(choice.output.container, videoCodec: choice.output.video?.codec)
                default: .other
                }
                let modifier = choice.output.nameModifier ?? ""
                let fileExtension = container == .hls ? "m3u8" : choice.output.fileExtension ?? Self.rawAudioExtension(choice.output)
                    ?? (choice.output.container ?? "MP4").lowercased()
                // The audio selector's track (its language is the one FOLLOW_INPUT follows).
                let track = hasAudio ? template.audioTrack(group: group.index, output: choice.output.index) : nil
                let sourceAudio = track.flatMap { metadata.audio.indices.contains($0 - 1) ? metadata.audio[$0 - 1] : nil } ?? metadata.audio.first
                choice.planned = PlannedOutput(
                    groupIndex: group.index, outputIndex: choice.output.index, nameModifier: modifier, container: container,
                    width: choice.size?.width, height: choice.size?.height, shortSide: choice.size.map { min($0.width, $0.height) },
                    key: "\(keyPrefix)\(base)\(modifier).\(fileExtension)",
                    video: choice.size == nil ? nil : choice.output.video, audio: hasAudio ? choice.output.audio.first : nil,
                    captionsOnly: choice.output.isCaptionsOnly, frame: choice.frame,
                    audioLanguage: hasAudio ? choice.output.audio.first?.language(source: sourceAudio?.language) : nil)
                choice.planned?.audioTrack = track
                kept[index] = choice
            }
            outputs += kept.compactMap(\.planned)
            if group.kind == .hls { playlists.append("\(keyPrefix)\(base).m3u8") }
            var newGroup = groupJSON
            newGroup["Outputs"] = .array(outputJSON)
            if group.destination == nil, let member = group.settingsMember {
                // A job template leaves Destination to the job: the delivery folder.
                var groupSettings = newGroup["OutputGroupSettings"] ?? .object([])
                var typed = groupSettings[member] ?? .object([])
                typed["Destination"] = .string(destination.url)
                groupSettings[member] = typed
                newGroup["OutputGroupSettings"] = groupSettings
            }
            groups.append(newGroup)
        }
        guard !groups.isEmpty else {
            throw PlanningError(.noOutputs, "template \(template.name) has no output for \(source.key) (\(video == nil ? "audio only" : "video without audio")); use a template with \(video == nil ? "audio-only outputs, such as audio-only.json" : "video outputs")")
        }
        settings["OutputGroups"] = .array(groups)
        let token = Self.clientRequestToken(for: source)
        return PlannedJob(
            request: request(template: template, settings: settings, source: source, token: token), outputs: outputs, dropped: dropped, notes: notes,
            playlists: playlists, clientRequestToken: token, templateName: template.name, templateVersion: template.version,
            sourceDuration: metadata.container.duration)
    }

    /// Why a captions-only output is left out: captions alone are not a rendition group.
    static let captionsAlone = "nothing else of the group applies to the source"

    private struct Choice {
        var output: TemplateOutput
        /// The upright size, or `nil` when the output is planned without video.
        var size: (width: Int, height: Int)?
        /// The exact frame of a framed output (its file is `size`).
        var frame: OutputFrame? = nil
        var planned: PlannedOutput?
    }

    /// The outputs of a group that apply to the source.
    private func choose(_ group: TemplateOutputGroup, geometry: DisplayGeometry?, hasAudio: Bool, dropped: inout [String]) -> [Choice] {
        func label(_ output: TemplateOutput) -> String { output.nameModifier ?? "\(group.path).Outputs[\(output.index)]" }
        guard let geometry else {
            // Audio only: outputs lose their video; one per group is enough (they would be identical).
            // Captions-only outputs stay beside it.
            let first = group.outputs.first { !$0.audio.isEmpty }
            var chosen: [Choice] = []
            for output in group.outputs {
                if output.index == first?.index || (first != nil && output.isCaptionsOnly) {
                    chosen.append(Choice(output: output, size: nil))
                } else {
                    dropped.append("\(label(output)): \(output.isCaptionsOnly ? Self.captionsAlone : "the source has no video")")
                }
            }
            return chosen
        }
        let display = geometry.displaySize
        let sourceShort = min(display.width, display.height)
        var chosen: [Choice] = []
        var smallest: (output: TemplateOutput, rung: Int)?
        var captions: [Choice] = []
        for output in group.outputs {
            if output.isCaptionsOnly {
                captions.append(Choice(output: output, size: nil))
                continue
            }
            guard let video = output.video else {
                if hasAudio { chosen.append(Choice(output: output, size: nil)) } else { dropped.append("\(label(output)): the source has no audio") }
                continue
            }
            if group.automatedEncoding {
                // MediaConvert makes the renditions, none above the source; locally, the trial encodes
                // choose them at execution (LocalJobExecutor+ABR.swift), the source's size the largest.
                chosen.append(Choice(output: output, size: Self.upright(geometry, rung: sourceShort)))
                continue
            }
            let rung = video.shortSide ?? sourceShort
            if smallest == nil || rung < smallest!.rung { smallest = (output, rung) }
            if rung <= sourceShort {
                chosen.append(Self.sized(output, video: video, geometry: geometry, rung: rung))
            } else {
                dropped.append("\(label(output)): \(rung) lines is above the source's \(sourceShort)")
            }
        }
        if !chosen.contains(where: { $0.size != nil }), let smallest {
            // Never nothing: the smallest rung at the source's own size.
            dropped.removeAll { $0.hasPrefix(label(smallest.output) + ":") }
            chosen.append(Self.sized(smallest.output, video: smallest.output.video!, geometry: geometry, rung: smallest.rung))
        }
        // Captions-only outputs go with the others, never alone.
        if chosen.isEmpty {
            dropped += captions.map { "\(label($0.output)): \(Self.captionsAlone)" }
        } else {
            chosen += captions
        }
        chosen.sort { $0.output.index < $1.output.index }
        return chosen
    }

    /// A framed output (``TemplateVideo/isFramed``) at its exact frame; a rung in the source's
    /// shape and orientation otherwise.
    private static func sized(_ output: TemplateOutput, video: TemplateVideo, geometry: DisplayGeometry, rung: Int) -> Choice {
        guard let frame = OutputFraming.frame(video, geometry: geometry) else { return Choice(output: output, size: upright(geometry, rung: rung)) }
        return Choice(output: output, size: frame.fileSize(for: geometry), frame: frame)
    }

    /// A `RAW` audio-only output's file extension, as MediaConvert names it (`.wav`, `.mp3`).
    static func rawAudioExtension(_ output: TemplateOutput) -> String? {
        guard output.container == "RAW", output.video == nil, let codec = output.audio.first?.codec else { return nil }
        return ["WAV": "wav", "MP3": "mp3", "AC3": "ac3", "AAC": "aac"][codec]
    }

    static func upright(_ geometry: DisplayGeometry, rung: Int) -> (width: Int, height: Int) {
        let scaled = geometry.scaledSize(shortSide: rung)
        return geometry.isSideways ? (scaled.height, scaled.width) : (scaled.width, scaled.height)
    }
}
