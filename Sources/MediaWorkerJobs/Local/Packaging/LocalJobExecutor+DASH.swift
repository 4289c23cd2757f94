import Foundation
import MediaWorkerCaptions
import MediaWorkerJSON
import MediaWorkerMedia

/// DASH ISO and CMAF groups: the same intermediate encodes as HLS, cut once into fMP4
/// segments (DASH: `<base><modifier>_000000001.mp4` after `<base><modifier>init.mp4`; CMAF:
/// `<base><modifier>_00001.cmfv` / `.cmfa`), an MPD `<base>.mpd` (CMAF: unless
/// `WriteDashManifest` is DISABLED) and, for CMAF unless `WriteHlsManifest` is DISABLED, the
/// HLS playlists over the same segments. A `FragmentLength` shorter than `SegmentLength`
/// makes segments of several fragments (cut at the fragment length, then joined), with
/// keyframes at the fragments' boundaries. Captions outputs become a WebVTT sidecar
/// (`<base><modifier>.vtt`) in a text adaptation set.
extension LocalJobExecutor {
    static let streamingGroupTypes: Set<String> = ["DASH_ISO_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS"]

    func executeDASH(
        group: TemplateOutputGroup, type: String, planned: [PlannedOutput], job: PlannedJob, template: JobTemplate, file: String, outputRoot: String,
        thumbnail: (extractor: ThumbnailExtractor, path: String)?, sprites: SpriteSheetWriter?, progress: @escaping @Sendable (Double) -> Void,
        cancellation: MediaCancellation?
    ) throws -> (outputs: [LocalJobOutput], thumbnail: ThumbnailResult?) {
        let cmaf = type == "CMAF_GROUP_SETTINGS"
        let groupJSON = template.settings["OutputGroups"]?.elements?[group.index] ?? .object([])
        let typed = groupJSON["OutputGroupSettings"]?[cmaf ? "CmafGroupSettings" : "DashIsoGroupSettings"] ?? .object([])
        var settings = try HLSPackageSettings(typed)
        if typed["SegmentLength"] == nil { settings.segmentSeconds = cmaf ? 10 : 30 }
        // FragmentLength (2 s by default, as MediaConvert's): segments of several fragments.
        let fragmentSeconds = max(1, typed["FragmentLength"]?.intValue ?? 2)
        if fragmentSeconds < settings.segmentSeconds { settings.fragmentSeconds = fragmentSeconds }
        settings.subdirectoryPerStream = false
        let writeHLS = cmaf && typed["WriteHlsManifest"]?.stringValue != "DISABLED"
        let writeDASH = !cmaf || typed["WriteDashManifest"]?.stringValue != "DISABLED"
        settings.writeManifests = writeHLS
        // DASH ISO SINGLE_FILE: cut as segment files, then joined into one indexed file each
        // (IndexedMP4); CMAF SINGLE_FILE is written as segment files (warned when the template loads).
        let singleFile = !cmaf && settings.singleFile
        settings.singleFile = false
        let scratch = try Self.scratch(outputRoot, group: group)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var (items, taken, stacks) = try packagingItems(
            planned, groupJSON: groupJSON, group: group, job: job, template: template, file: file, scratch: scratch,
            segmentSeconds: settings.fragmentSeconds ?? settings.segmentSeconds,
            thumbnail: thumbnail, sprites: sprites, progress: progress, cancellation: cancellation)
        // Each output's own name: `<base><modifier>.m3u8` for its HLS playlist (its segments share the stem).
        for index in items.indices { items[index].planned.key = Self.replacingExtension(items[index].planned.key, with: "m3u8") }
        let base = Self.baseKey(planned[0])
        let packager = HLSPackager(settings: settings, outputRoot: outputRoot, startDate: Date(), naming: cmaf ? .cmaf : .dash)
        var segmented = try packager.segment(cmaf ? items : items.filter { !Self.isCaptions($0) })
        var layouts: [String: IndexedMP4.Layout] = [:]
        if singleFile {
            for position in segmented.indices where !Self.isCaptions(segmented[position].item) {
                layouts[segmented[position].item.planned.label] = try Self.joinSingleFile(&segmented[position], packager: packager)
            }
        }
        var sidecars: [LocalJobOutput] = []
        var subtitles: [DASHManifest.Subtitles] = []
        for item in items {
            guard case .captions(let cues) = item.source else { continue }
            let key = Self.replacingExtension(item.planned.key, with: "vtt")
            let bytes = try packager.write(Data(WebVTTWriter.write(cues).utf8), key: key)
            sidecars.append(LocalJobOutput(role: .captions, path: key, bytes: bytes))
            subtitles.append(.init(id: item.planned.label, uri: (key as NSString).lastPathComponent, language: item.output.captions?.languageCode?.lowercased()))
        }
        var outputs = try packager.outputs(segmented, masterKey: writeHLS ? base + ".m3u8" : nil)
        outputs += sidecars
        if writeDASH {
            var video: [DASHManifest.Representation] = []
            var audio: [DASHManifest.Representation] = []
            for entry in segmented where !Self.isCaptions(entry.item) {
                let stem = ((entry.item.planned.key as NSString).lastPathComponent as NSString).deletingPathExtension
                let pattern = entry.index.segments[0].file.replacingOccurrences(of: stem + "_", with: "")
                let digits = pattern.prefix { $0.isNumber }.count
                let media = "\(stem)_$Number%0\(digits)d$" + pattern.dropFirst(digits)
                let nominal = (entry.item.planned.video?.maxBitrate ?? entry.item.planned.video?.bitrate ?? 0)
                    + (entry.index.streams.contains { $0.kind == .audio } ? entry.item.planned.audio?.bitrate ?? 0 : 0)
                var representation = DASHManifest.Representation(
                    id: entry.item.planned.label, index: entry.index, media: media, initialization: entry.index.initialization?.file ?? "",
                    bandwidth: max(entry.index.peakBitrate, nominal), language: entry.item.output.audioLanguage?.lowercased())
                if let layout = layouts[entry.item.planned.label] {
                    representation.segmentBase = .init(file: entry.index.segments[0].file, layout: layout)
                }
                if entry.index.streams.contains(where: { $0.kind == .video }) { video.append(representation) } else { audio.append(representation) }
            }
            let text = DASHManifest.render(
                video: video, audio: audio, subtitles: subtitles, segmentSeconds: settings.segmentSeconds,
                minBufferMilliseconds: typed["MinBufferTime"]?.intValue ?? 30_000, profile: DASHManifest.profile(typed["MpdProfile"]?.stringValue))
            let key = base + ".mpd"
            outputs.append(LocalJobOutput(role: .playlist, path: key, bytes: try packager.write(Data(text.utf8), key: key)))
        }
        Self.annotate(&outputs, items: items, stacks: stacks)
        return (outputs, taken)
    }

    /// SINGLE_FILE: the entry's segments joined into `<base><modifier>.mp4` beside them, its
    /// index rewritten as byte ranges of that file.
    static func joinSingleFile(_ entry: inout HLSPackager.Packaged, packager: HLSPackager) throws -> IndexedMP4.Layout {
        let key = entry.item.planned.key
        let folder = packager.path((key as NSString).deletingLastPathComponent)
        let name = ((key as NSString).lastPathComponent as NSString).deletingPathExtension + ".mp4"
        guard let initialization = entry.index.initialization else {
            throw MediaError(.invalidOutput, "\(key): no initialization segment to index in one file", path: folder)
        }
        let layout = try IndexedMP4.join(initialization: initialization.file, segments: entry.index.segments.map(\.file), in: folder, into: name)
        let range = { (bytes: ClosedRange<Int64>) in SegmentIndex.ByteRange(length: bytes.upperBound - bytes.lowerBound + 1, offset: bytes.lowerBound) }
        // The sidx is counted with the initialization: the record's bytes are the file's.
        let head = 0...layout.index.upperBound
        entry.index.initialization = .init(file: name, duration: 0, byteRange: range(head), bytes: Int64(head.count))
        entry.index.segments = zip(entry.index.segments, layout.segments).map { segment, bytes in
            .init(file: name, duration: segment.duration, byteRange: range(bytes), bytes: Int64(bytes.count))
        }
        return layout
    }

    static func isCaptions(_ item: HLSPackager.Item) -> Bool {
        if case .captions = item.source { return true }
        return false
    }

    static func replacingExtension(_ key: String, with fileExtension: String) -> String {
        (key as NSString).deletingPathExtension + "." + fileExtension
    }

    /// `audiovideo/show/ep1` from `audiovideo/show/ep1_720p.mpd`: the key without its modifier and extension.
    static func baseKey(_ output: PlannedOutput) -> String {
        String((output.key as NSString).deletingPathExtension.dropLast(output.nameModifier.count))
    }
}
