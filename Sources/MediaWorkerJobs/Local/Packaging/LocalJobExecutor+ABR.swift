import Foundation
import MediaWorkerMedia

/// Automated ABR run locally (`AutomatedEncodingSettings` on an HLS, DASH ISO or CMAF group):
/// the group's video output is tried at every candidate size (``ABRTrial``), the stack is
/// chosen from what each size needed (``ABRLadderSelector``), and the output becomes one
/// rendition per chosen size, named `<NameModifier>_<lines>p`, encoded QVBR at the chosen
/// quality level and cap, with one second of the cap as its HRD buffer. The MediaConvert request is unchanged: MediaConvert chooses its own.
extension LocalJobExecutor {
    func automatedRenditions(
        _ video: [PlannedOutput], settings: AutomatedABRSettings, group: TemplateOutputGroup, template: JobTemplate, file: String, scratch: String,
        sourceDuration: Double?, cancellation: MediaCancellation?
    ) throws -> (outputs: [PlannedOutput], stacks: [ABRStack]) {
        var outputs: [PlannedOutput] = []
        var stacks: [ABRStack] = []
        var duration = sourceDuration
        for output in video {
            guard output.frame == nil, let width = output.width, let height = output.height, let base = LocalMapping.renditions(for: [output]).first else {
                outputs.append(output)
                continue
            }
            var options = LocalMapping.ladderOptions(for: [output], group: group, base: ladder)
            options.clip = template.inputClip
            options.rotation = template.inputRotation
            if duration == nil { duration = try MediaProber(limits: limits).probe(.file(file), cancellation: cancellation).container.duration ?? 0 }
            let folder = (scratch as NSString).appendingPathComponent("abr-trial-\(output.outputIndex)")
            let measurements = try ABRTrial(settings: settings, limits: limits).measure(
                file, base: base, options: options, sourceWidth: width, sourceHeight: height, duration: duration ?? 0, folder: folder, cancellation: cancellation)
            let stack = ABRLadderSelector(settings: settings).select(measurements)
            stacks.append(stack)
            for rung in stack.rungs {
                outputs.append(Self.rendition(of: output, rung: rung))
            }
        }
        return (outputs, stacks)
    }

    /// The planned output for one chosen rung: `show_abr.m3u8` → `show_abr_720p.m3u8`, QVBR at
    /// the rung's level and cap.
    static func rendition(of output: PlannedOutput, rung: ABRRung) -> PlannedOutput {
        var derived = output
        let suffix = "_\(rung.shortSide)p"
        derived.nameModifier = output.nameModifier + suffix
        let fileExtension = (output.key as NSString).pathExtension
        derived.key = (output.key as NSString).deletingPathExtension + suffix + (fileExtension.isEmpty ? "" : "." + fileExtension)
        derived.width = rung.width
        derived.height = rung.height
        derived.shortSide = rung.shortSide
        derived.video?.rateControlMode = "QVBR"
        derived.video?.bitrate = nil
        derived.video?.maxBitrate = rung.maxBitrate
        // One second of the cap: the HRD buffer bounds how far a short stretch may exceed it.
        derived.video?.hrdBufferSize = rung.maxBitrate
        derived.video?.qvbrQualityLevel = Int(rung.qualityLevel.rounded(.down))
        derived.video?.qvbrQualityLevelFineTune = rung.qualityLevel - rung.qualityLevel.rounded(.down)
        derived.abr = rung
        derived.automatedFrom = output.nameModifier
        return derived
    }

    /// Marks each delivered rendition of a package with its rung, and the package's first
    /// manifest with the whole decision.
    static func annotate(_ outputs: inout [LocalJobOutput], items: [HLSPackager.Item], stacks: [ABRStack]) {
        guard !stacks.isEmpty else { return }
        for index in outputs.indices {
            let path = outputs[index].path
            let item = items.first { item in
                let stem = (item.planned.key as NSString).deletingPathExtension
                return item.planned.abr != nil && (path == item.planned.key || path.hasPrefix(stem + "."))
            }
            if let rung = item?.planned.abr { outputs[index].abr = rung }
        }
        if let manifest = outputs.firstIndex(where: { $0.role == .playlist && $0.abr == nil }) { outputs[manifest].abrStack = stacks.first }
    }
}
