import Foundation
import MediaWorkerCaptions
import MediaWorkerJSON
import MediaWorkerMedia

/// An HLS group: the ladder encodes MP4s (and AAC for audio-only outputs) in a hidden folder
/// of the output root, which ``HLSPackager`` cuts into segments and playlists; the folder is
/// removed afterwards, whatever happened. DASH ISO and CMAF groups: LocalJobExecutor+DASH.swift.
extension LocalJobExecutor {
    func executeHLS(
        group: TemplateOutputGroup, planned: [PlannedOutput], job: PlannedJob, template: JobTemplate, file: String, outputRoot: String,
        thumbnail: (extractor: ThumbnailExtractor, path: String)?, sprites: SpriteSheetWriter?, progress: @escaping @Sendable (Double) -> Void,
        cancellation: MediaCancellation?
    ) throws -> (outputs: [LocalJobOutput], thumbnail: ThumbnailResult?) {
        let groupJSON = template.settings["OutputGroups"]?.elements?[group.index] ?? .object([])
        let settings = try HLSPackageSettings(groupJSON["OutputGroupSettings"]?["HlsGroupSettings"])
        let scratch = try Self.scratch(outputRoot, group: group)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (items, taken, stacks) = try packagingItems(
            planned, groupJSON: groupJSON, group: group, job: job, template: template, file: file, scratch: scratch, segmentSeconds: settings.segmentSeconds,
            thumbnail: thumbnail, sprites: sprites, progress: progress, cancellation: cancellation)
        let master = job.playlists.first { ($0 as NSString).deletingLastPathComponent == ((planned.first?.key ?? "") as NSString).deletingLastPathComponent }
        var outputs = try HLSPackager(settings: settings, outputRoot: outputRoot, startDate: Date()).package(items, masterKey: master)
        Self.annotate(&outputs, items: items, stacks: stacks)
        return (outputs, taken)
    }

    /// A hidden folder of the output root for the group's intermediate encodes (removed by the caller).
    static func scratch(_ outputRoot: String, group: TemplateOutputGroup) throws -> String {
        let scratch = path(outputRoot, ".mw-package-\(group.index)")
        try? FileManager.default.removeItem(atPath: scratch)
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.io, "cannot create \(scratch): \(error.localizedDescription)", path: scratch)
        }
        return scratch
    }

    /// Encodes a streaming group's outputs into `scratch`: the video outputs as one ladder of
    /// MP4s (keyframes on every segment boundary unless GopSize says otherwise), audio-only
    /// outputs as AAC, and reads the captions outputs' sidecars. With automated ABR, the video
    /// output is first expanded into the renditions chosen for the source (LocalJobExecutor+ABR.swift).
    func packagingItems(
        _ planned: [PlannedOutput], groupJSON: JSONValue, group: TemplateOutputGroup, job: PlannedJob, template: JobTemplate, file: String, scratch: String,
        segmentSeconds: Int, thumbnail: (extractor: ThumbnailExtractor, path: String)?, sprites: SpriteSheetWriter?, progress: @escaping @Sendable (Double) -> Void,
        cancellation: MediaCancellation?
    ) throws -> (items: [HLSPackager.Item], thumbnail: ThumbnailResult?, stacks: [ABRStack]) {
        let outputJSON: (PlannedOutput) -> JSONValue = { groupJSON["Outputs"]?.elements?[$0.outputIndex] ?? .object([]) }
        var items: [HLSPackager.Item] = []
        var taken: ThumbnailResult?
        var video = planned.filter { $0.video != nil }
        var stacks: [ABRStack] = []
        if let abr = group.abr, !video.isEmpty {
            (video, stacks) = try automatedRenditions(video, settings: abr, group: group, template: template, file: file, scratch: scratch,
                sourceDuration: job.sourceDuration, cancellation: cancellation)
        }
        if !video.isEmpty {
            var options = LocalMapping.ladderOptions(for: video, group: group, base: ladder)
            options.container = .mp4
            // Clipped and timed as a file group's ladder is (LocalJobExecutor.execute).
            options.clip = template.inputClip
            options.rotation = template.inputRotation
            for index in options.renditions.indices { options.renditions[index].burnin?.startTimecode = template.burninStartTimecode }
            try ImageInputs.apply(to: &options, template: template, file: file)
            options.keyframeIntervalSeconds = segmentSeconds % 2 == 0 ? 2 : 1
            // Intermediates, cut into segments: the muxer's boxes as they are.
            for index in options.renditions.indices { options.renditions[index].mp4Boxes = .muxerDefault }
            let byName = Dictionary(uniqueKeysWithValues: zip(options.renditions.map(\.name), video))
            try CaptionBurnins.apply(to: &options, outputs: byName, job: job, file: file, folder: scratch)
            let (renditions, thumb) = try LadderTranscoder(options: options, limits: limits).transcode(
                .file(file), outputPath: { (scratch as NSString).appendingPathComponent("\($0.name).mp4") }, thumbnail: thumbnail,
                sprites: sprites, progress: progress, cancellation: cancellation)
            taken = thumb
            for rendition in renditions {
                let output = byName[rendition.name]!
                items.append(.init(planned: output, output: HLSOutputSettings(outputJSON(output), language: output.audioLanguage), source: .video(path: rendition.path)))
            }
        }
        for output in planned where output.video == nil && !output.captionsOnly {
            let path = (scratch as NSString).appendingPathComponent("audio-\(output.outputIndex).m4a")
            let transcoder = AudioMapping.transcoder(for: output, clip: template.inputClip, limits: limits)
            _ = try transcoder.transcode(.file(file), to: path, progress: progress, cancellation: cancellation)
            items.append(.init(planned: output, output: HLSOutputSettings(outputJSON(output), language: output.audioLanguage), source: .audio(path: path)))
        }
        for output in planned where output.captionsOnly {
            let settings = HLSOutputSettings(outputJSON(output))
            // A sidecar the local engine cannot see (in S3, not beside the input) is left to MediaConvert.
            guard let cues = try Self.captionCues(settings.captions?.selector, job: job, input: file) else { continue }
            items.append(.init(planned: output, output: settings, source: .captions(cues)))
        }
        return (items, taken, stacks)
    }

    /// The cues of a caption selector's sidecar (`FileSourceSettings.SourceFile`): a local
    /// path or `file://` URL, else the file of that name beside the input; `nil` when there is
    /// no such selector or file. `TimeDelta` (`TimeDeltaUnits` SECONDS, the default, or
    /// MILLISECONDS) moves every cue later (or earlier when negative), with its cue timestamps
    /// (`<00:00:01.500>`); cues moved before 0 are cut.
    static func captionCues(_ selector: String?, job: PlannedJob, input: String) throws -> [CaptionCue]? {
        let selectors = job.request["Settings"]?["Inputs"]?.elements?.first?["CaptionSelectors"]
        let chosen = selector.flatMap { selectors?[$0] } ?? selectors?.members?.first?.value
        guard let source = chosen?["SourceSettings"]?["FileSourceSettings"]?["SourceFile"]?.stringValue else { return nil }
        var path = source.hasPrefix("file://") ? String(source.dropFirst(7)) : source
        if !FileManager.default.fileExists(atPath: path) {
            path = ((input as NSString).deletingLastPathComponent as NSString).appendingPathComponent((source as NSString).lastPathComponent)
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let settings = chosen?["SourceSettings"]?["FileSourceSettings"]
        let unit = settings?["TimeDeltaUnits"]?.stringValue == "MILLISECONDS" ? 0.001 : 1
        let delta = (settings?["TimeDelta"]?.doubleValue ?? 0) * unit
        do {
            let cues = try CaptionConverter.convert(Array(data), fileName: path).cues
            guard delta != 0 else { return cues }
            return cues.compactMap { cue in
                var moved = cue
                moved.start = max(0, cue.start + delta)
                moved.end = cue.end + delta
                moved.text = CueTimestamps.shifted(cue.text, by: delta)
                return moved.end > moved.start ? moved : nil
            }
        } catch {
            throw MediaError(.unsupportedContent, "the caption sidecar \(source) cannot be read: \(error)", path: path)
        }
    }
}
