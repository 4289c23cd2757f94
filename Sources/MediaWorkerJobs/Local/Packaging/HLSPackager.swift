import Foundation
import MediaWorkerCaptions
import MediaWorkerMedia
import MediaWorkerSigning

/// Packages one HLS group's finished renditions as MediaConvert lays them out: segments
/// (`<base><modifier>_00001.ts`, in a folder per output with SUBDIRECTORY_PER_STREAM) first,
/// then each media playlist (`<base><modifier>.m3u8`), then the multivariant playlist
/// (`<base>.m3u8`) last, so no playlist ever names a segment not yet written.
struct HLSPackager {
    enum Source {
        /// A ladder rendition (MP4) and whether its audio belongs in the variant.
        case video(path: String)
        /// An audio-only rendition (M4A).
        case audio(path: String)
        case captions([CaptionCue])
    }

    struct Item {
        var planned: PlannedOutput
        var output: HLSOutputSettings
        var source: Source
    }

    struct Packaged {
        var item: Item
        var index: SegmentIndex
        /// The segments' folder relative to the playlist (`720p/` or empty).
        var prefix: String
        var playlistBytes: Int64 = 0
        /// The I-frame-only playlist's key and peak bitrate, once written.
        var iFrames: (key: String, bandwidth: Int)?
    }

    var settings: HLSPackageSettings
    var outputRoot: String
    var startDate: Date
    /// Segment names: HLS's, or DASH's and CMAF's (always fMP4).
    var naming: HLSSegmentOptions.Naming = .hls

    func package(_ items: [Item], masterKey: String?) throws -> [LocalJobOutput] {
        try outputs(try segment(items), masterKey: masterKey)
    }

    /// Cuts every media item into segments and writes the WebVTT segments of captions items.
    func segment(_ items: [Item]) throws -> [Packaged] {
        var packaged: [Packaged] = []
        for item in items {
            let prefix = settings.subdirectoryPerStream ? item.planned.label + "/" : ""
            let stem = ((item.planned.key as NSString).lastPathComponent as NSString).deletingPathExtension
            let folder = (path((item.planned.key as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(prefix)
            let streams: StreamSelection
            let input: String
            switch item.source {
            case .video(let file):
                // A variant that plays an alternate audio group carries no audio of its own.
                streams = StreamSelection(video: true, audio: item.planned.audio != nil && item.output.audioRenditionSets.isEmpty)
                input = file
            case .audio(let file):
                streams = StreamSelection(video: false, audio: true)
                input = file
            case .captions:
                continue
            }
            var options = HLSSegmentOptions(
                segmentType: item.output.fragmentedMP4 || naming != .hls ? .fmp4 : .ts, segmentSeconds: Double(settings.fragmentSeconds ?? settings.segmentSeconds),
                singleFile: settings.singleFile, streams: streams)
            options.naming = naming
            options.transportStream = item.output.transportStream
            if case .audio = item.source, options.segmentType == .ts, !options.singleFile, !item.output.audioOnlyTransportStream {
                // AudioOnlyContainer AUTOMATIC: MediaConvert's raw container, HLS packed audio.
                options.packedAudio = true
                options.packedAudioHeader = settings.audioOnlyHeader
            }
            // Fragments are joined into segments of SegmentLength; MinSegmentLength leaves no short last one.
            options.minimumSegmentSeconds = Double(max(settings.minSegmentSeconds, settings.fragmentSeconds == nil ? 0 : settings.segmentSeconds))
            options.finalMinimumSeconds = max(Double(settings.minSegmentSeconds), settings.minFinalSegmentSeconds)
            if settings.encryption != nil, options.segmentType != .ts || options.singleFile {
                throw MediaError(.unsupportedContent, "AES-128 encryption is written by the local engine for segmented TS only; use SegmentControl SEGMENTED_FILES with TS segments")
            }
            var index = try HLSSegmenter(options: options).segment(input, into: folder, stem: stem)
            if let encryption = settings.encryption { try encrypt(&index, in: folder, with: encryption) }
            packaged.append(Packaged(item: item, index: index, prefix: prefix))
        }
        let duration = packaged.map(\.index.totalDuration).max() ?? 0
        let mediaStart = packaged.first?.index.startSeconds ?? 0
        for item in items {
            guard case .captions(let cues) = item.source else { continue }
            packaged.append(Packaged(item: item, index: try writeCaptions(cues, item: item, duration: duration, mediaStart: mediaStart), prefix: settings.subdirectoryPerStream ? item.planned.label + "/" : ""))
        }
        return packaged
    }

    /// Writes the playlists (unless `OutputSelection` is SEGMENTS_ONLY), the multivariant one
    /// last, and lists what was written.
    func outputs(_ segmented: [Packaged], masterKey: String?) throws -> [LocalJobOutput] {
        var packaged = segmented
        let hasVideo = packaged.contains { if case .video = $0.item.source { return true } else { return false } }
        var outputs: [LocalJobOutput] = []
        if settings.writeManifests {
            for index in packaged.indices {
                packaged[index].playlistBytes = try writePlaylist(packaged[index])
                packaged[index].iFrames = try writeIFrames(packaged[index])
                if let iFrames = packaged[index].iFrames {
                    outputs.append(LocalJobOutput(role: .playlist, path: iFrames.key, bytes: Int64(FileManager.default.contents(atPath: path(iFrames.key))?.count ?? 0)))
                }
            }
        }
        for entry in packaged {
            let key = settings.writeManifests ? entry.item.planned.key : segmentKey(entry, (entry.index.initialization ?? entry.index.segments[0]).file)
            var output = LocalJobOutput(
                role: role(entry.item.source), path: key, bytes: entry.playlistBytes + entry.index.totalBytes,
                width: entry.index.streams.first { $0.kind == .video }?.width, height: entry.index.streams.first { $0.kind == .video }?.height,
                duration: entry.index.totalDuration, bitrate: entry.index.averageBitrate)
            output.segments = entry.index.segments.count
            output.segmentBytes = entry.index.totalBytes
            outputs.append(output)
        }
        if settings.writeManifests, let masterKey {
            for manifest in settings.additionalManifests {
                let key = (masterKey as NSString).deletingPathExtension + manifest.modifier + ".m3u8"
                let selected = packaged.filter { manifest.outputs.contains($0.item.planned.automatedFrom ?? $0.item.planned.nameModifier) }
                let bytes = try write(Data(master(selected, hasVideo: hasVideo, masterKey: key).utf8), key: key)
                outputs.insert(LocalJobOutput(role: .playlist, path: key, bytes: bytes), at: 0)
            }
            let text = master(packaged, hasVideo: hasVideo, masterKey: masterKey)
            let bytes = try write(Data(text.utf8), key: masterKey)
            outputs.insert(LocalJobOutput(role: .playlist, path: masterKey, bytes: bytes), at: 0)
        }
        return outputs
    }

    func role(_ source: Source) -> OutputRole {
        switch source {
        case .video: .rendition
        case .audio: .audio
        case .captions: .captions
        }
    }

    func segmentKey(_ entry: Packaged, _ file: String) -> String {
        ((entry.item.planned.key as NSString).deletingLastPathComponent as NSString).appendingPathComponent(entry.prefix + file)
    }

    private func writeCaptions(_ cues: [CaptionCue], item: Item, duration: Double, mediaStart: Double) throws -> SegmentIndex {
        let stem = ((item.planned.key as NSString).lastPathComponent as NSString).deletingPathExtension
        let prefix = settings.subdirectoryPerStream ? item.planned.label + "/" : ""
        let folderKey = ((item.planned.key as NSString).deletingLastPathComponent as NSString).appendingPathComponent(prefix)
        var segments: [SegmentIndex.Segment] = []
        for (number, segment) in WebVTTSegments.split(cues, duration: duration, segmentSeconds: Double(settings.segmentSeconds), mediaStart: mediaStart).enumerated() {
            let file = String(format: "%@_%05d.vtt", stem, number + 1)
            let bytes = try write(Data(segment.text.utf8), key: (folderKey as NSString).appendingPathComponent(file))
            segments.append(.init(file: file, duration: segment.duration, byteRange: nil, bytes: bytes))
        }
        return SegmentIndex(initialization: nil, segments: segments, streams: [], startSeconds: mediaStart)
    }

    /// Encrypts each segment file in place (AES-128 CBC, PKCS#7) with the constant IV, else
    /// its media sequence number (the first segment's is 1), as the playlist will say.
    private func encrypt(_ index: inout SegmentIndex, in folder: String, with encryption: HLSPackageSettings.StaticKey) throws {
        do {
            let cipher = try AES128CBC(key: encryption.key)
            for number in index.segments.indices {
                let file = (folder as NSString).appendingPathComponent(index.segments[number].file)
                guard let plain = FileManager.default.contents(atPath: file) else {
                    throw MediaError(.io, "the segment \(file) to encrypt is missing", path: file)
                }
                let sealed = try cipher.encrypt(Array(plain), iv: encryption.iv ?? HLSMediaPlaylist.Key.sequenceIV(number + 1))
                try Data(sealed).write(to: URL(fileURLWithPath: file))
                index.segments[number].bytes = Int64(sealed.count)
            }
        } catch let error as CryptoError {
            throw MediaError(.encodeFailed, "cannot encrypt the HLS segments in \(folder): \(error)")
        }
    }

    private func writePlaylist(_ entry: Packaged) throws -> Int64 {
        var key: HLSMediaPlaylist.Key?
        if let encryption = settings.encryption, !isCaptions(entry.item) {
            key = .init(
                uri: encryption.url, iv: encryption.iv, writesIV: encryption.ivInManifest, keyFormat: encryption.keyFormat,
                keyFormatVersions: encryption.keyFormatVersions)
        }
        let text = HLSMediaPlaylist.render(
            entry.index, prefix: entry.prefix, integerDurations: settings.integerDurations, key: key,
            programDateTime: settings.programDateTime ? (startDate, settings.programDateTimePeriod) : nil)
        return try write(Data(text.utf8), key: entry.item.planned.key)
    }

    /// `<base><modifier>_Iframe.m3u8` for a TS video variant whose output asks for it.
    private func writeIFrames(_ entry: Packaged) throws -> (key: String, bandwidth: Int)? {
        guard entry.item.output.iFrameOnly, case .video = entry.item.source, settings.encryption == nil, !settings.singleFile,
            entry.index.initialization == nil
        else { return nil }
        let folder = (path((entry.item.planned.key as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(entry.prefix)
        let playlist = try HLSIFramePlaylist(index: entry.index, folder: folder)
        let key = (entry.item.planned.key as NSString).deletingPathExtension + "_Iframe.m3u8"
        try write(Data(playlist.render(prefix: entry.prefix).utf8), key: key)
        return (key, playlist.peakBitrate)
    }

    private func isCaptions(_ item: Item) -> Bool {
        if case .captions = item.source { return true }
        return false
    }

    private func master(_ packaged: [Packaged], hasVideo: Bool, masterKey: String) -> String {
        var media: [HLSMultivariantPlaylist.Media] = []
        var variants: [HLSMultivariantPlaylist.Variant] = []
        var audioGroups: [String: (peak: Int, codec: String)] = [:]
        let uri: (Packaged) -> String = { ($0.item.planned.key as NSString).lastPathComponent }
        for entry in packaged {
            guard case .audio = entry.item.source else { continue }
            let track = entry.item.output.audioTrackType ?? (hasVideo ? .alternateAutoSelectDefault : .audioOnlyVariant)
            let codec = entry.index.streams.map(\.codec).joined(separator: ",")
            let peak = max(entry.index.peakBitrate, entry.item.planned.audio?.bitrate ?? 0)
            if track == .audioOnlyVariant {
                variants.append(.init(uri: uri(entry), bandwidth: peak, averageBandwidth: entry.index.averageBitrate, codecs: codec))
                continue
            }
            let group = entry.item.output.audioGroupID
            let known = audioGroups[group]
            audioGroups[group] = (max(known?.peak ?? 0, peak), known?.codec ?? codec)
            media.append(.init(
                kind: .audio, groupID: group, name: entry.item.output.audioName ?? entry.item.planned.label,
                language: entry.item.output.audioLanguage?.lowercased(), isDefault: track == .alternateAutoSelectDefault,
                autoSelect: track != .alternateNotAutoSelect, uri: uri(entry)))
        }
        let subtitles = packaged.contains { isCaptions($0.item) } ? "subs" : nil
        for entry in packaged where isCaptions(entry.item) {
            let language = entry.item.output.captions?.languageCode
            let name = entry.item.output.captions?.description ?? language.flatMap { settings.captionNames[$0] } ?? language ?? entry.item.planned.label
            media.append(.init(kind: .subtitles, groupID: "subs", name: name, language: language?.lowercased(), isDefault: media.allSatisfy { $0.kind != .subtitles }, autoSelect: true, uri: uri(entry)))
        }
        for entry in packaged {
            guard case .video = entry.item.source else { continue }
            let video = entry.item.planned.video
            let muxedAudio = entry.index.streams.contains { $0.kind == .audio }
            var peak = max(entry.index.peakBitrate, (video?.maxBitrate ?? video?.bitrate ?? 0) + (muxedAudio ? entry.item.planned.audio?.bitrate ?? 0 : 0))
            var average = entry.index.averageBitrate
            var codecs = entry.index.streams.map(\.codec)
            var group: String?
            if !muxedAudio {
                group = entry.item.output.audioRenditionSets.first { audioGroups[$0] != nil } ?? audioGroups.keys.sorted().first
                if let group, let audio = audioGroups[group] {
                    peak += audio.peak
                    average += audio.peak
                    codecs.append(audio.codec)
                }
            }
            let stream = entry.index.streams.first { $0.kind == .video }
            variants.append(.init(
                uri: uri(entry), bandwidth: peak, averageBandwidth: average, width: stream?.width, height: stream?.height,
                codecs: codecs.joined(separator: ","), frameRate: stream?.frameRate, audioGroup: group, subtitlesGroup: subtitles))
        }
        let iFrames = packaged.compactMap { entry -> HLSMultivariantPlaylist.IFrameVariant? in
            guard let iFrames = entry.iFrames else { return nil }
            let stream = entry.index.streams.first { $0.kind == .video }
            return .init(uri: (iFrames.key as NSString).lastPathComponent, bandwidth: iFrames.bandwidth, width: stream?.width, height: stream?.height, codecs: stream?.codec ?? "")
        }
        return HLSMultivariantPlaylist.render(variants, media: media, iFrames: iFrames)
    }

    func path(_ key: String) -> String { (outputRoot as NSString).appendingPathComponent(key) }

    @discardableResult
    func write(_ data: Data, key: String) throws -> Int64 {
        let file = path(key)
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw MediaError(.io, "cannot write \(file): \(error.localizedDescription)", path: file)
        }
        return Int64(data.count)
    }
}
