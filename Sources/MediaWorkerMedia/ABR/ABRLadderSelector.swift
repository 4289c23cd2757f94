import Foundation

/// Chooses automated ABR's stack from trial measurements, without I/O.
///
/// - The top rendition is the largest candidate (the source's size unless `ALLOWED_RENDITIONS`
///   says otherwise), at the bitrate its trial needed for the quality level, capped at
///   `MaxAbrBitrate`.
/// - Below it, target bitrates step down geometrically from the top's to `MinAbrBitrate`,
///   about ``spacing`` apart: a rendition is worth its bits only when it saves enough of them.
///   A source that needs less than `MinAbrBitrate` × 1.5 at its top gets that one rendition.
/// - Each lower target takes the largest smaller size whose trial reached the quality within
///   it (× ``fitSlack``); when none does, the smallest size, capped at the target: a starved
///   picture looks better smaller (more bits per pixel). Either way a size is taken only if it
///   leaves a smaller one for every step still to come, so the bottom rendition is at
///   `MinAbrBitrate`.
/// - Forced sizes (`FORCE_INCLUDE_RENDITIONS`, `ALLOWED_RENDITIONS` with `Required`) are
///   added; sizes below `MIN_BOTTOM_RENDITION_SIZE` are never candidates; `MaxRenditions`
///   bounds the count (rungs closest in bitrate to their neighbour above go first, never a
///   forced one or the top).
public struct ABRLadderSelector: Sendable {
    public var settings: AutomatedABRSettings
    /// The bitrate ratio between neighbouring renditions the stack aims for.
    public var spacing: Double = 1.8
    /// How far above a target a size's trial bitrate may be and still count as reaching it.
    public var fitSlack: Double = 1.2
    /// The top rendition's cap over its trial bitrate (the trial saw only part of the source).
    public var topHeadroom: Double = 1.5

    public init(settings: AutomatedABRSettings) {
        self.settings = settings
    }

    public func select(_ measured: [ABRMeasurement]) -> ABRStack {
        var notes: [String] = []
        var candidates: [ABRMeasurement] = []
        for measurement in measured.sorted(by: { $0.shortSide > $1.shortSide }) where candidates.last?.shortSide != measurement.shortSide {
            candidates.append(measurement)
        }
        if let bottom = settings.minBottom {
            let kept = candidates.filter { $0.shortSide >= bottom.shortSide }
            for left in candidates where left.shortSide < bottom.shortSide {
                notes.append("\(Self.describe(left)): below MIN_BOTTOM_RENDITION_SIZE \(bottom.width)x\(bottom.height)")
            }
            if kept.isEmpty, let largest = candidates.first {
                notes.append("\(Self.describe(largest)): the source is below MIN_BOTTOM_RENDITION_SIZE; its own size is the one rendition")
                candidates = [largest]
            } else {
                candidates = kept
            }
        }
        guard let top = candidates.first else { return ABRStack(measurements: measured, rungs: [], notes: ["no candidate size"]) }
        if let minTop = settings.minTop, top.shortSide < minTop.shortSide {
            notes.append("\(Self.describe(top)): the source is below MIN_TOP_RENDITION_SIZE \(minTop.width)x\(minTop.height); the top rendition is at its size")
        }
        let required = settings.requiredShortSides
        let expected = min(top.bitrate, settings.maxBitrate)
        let topCap = min(settings.maxBitrate, max(settings.minBitrate, Int(Double(top.bitrate) * topHeadroom)))
        let topReason = top.bitrate <= settings.maxBitrate
            ? "top: the largest size, \(Self.kbps(top.bitrate)) at quality \(Self.level(top.qualityLevel))"
            : "top: the largest size, capped at MaxAbrBitrate \(Self.kbps(settings.maxBitrate)) (the trial needed \(Self.kbps(top.bitrate)) at quality \(Self.level(top.qualityLevel)))"
        var rungs = [rung(top, cap: topCap, reason: topReason)]

        let floor = Double(settings.minBitrate)
        var count = 1
        if Double(expected) >= floor * 1.5 {
            count = 1 + max(1, Int((log(Double(expected) / floor) / log(spacing)).rounded()))
        } else {
            notes.append("one rendition by bitrate: the top needs \(Self.kbps(top.bitrate)), under 1.5 × MinAbrBitrate \(Self.kbps(settings.minBitrate))")
        }
        if count > candidates.count {
            notes.append("only \(candidates.count) sizes for the \(count) bitrate steps from \(Self.kbps(expected)) to MinAbrBitrate")
        }
        count = max(1, min(count, settings.maxRenditions, candidates.count))
        for step in stride(from: 1, to: count, by: 1) {
            let target = (Double(expected) * pow(floor / Double(expected), Double(step) / Double(count - 1))).rounded()
            // Sizes that leave one smaller size for every step still to come, so the bottom
            // reaches MinAbrBitrate.
            let remaining = count - 1 - step
            let smaller = candidates.filter { candidate in
                candidate.shortSide < rungs.last!.shortSide && candidates.filter { $0.shortSide < candidate.shortSide }.count >= remaining
            }
            guard let next = smaller.last else {
                notes.append("no size below \(rungs.last!.shortSide) lines left for \(Self.kbps(Int(target)))")
                break
            }
            if let fit = smaller.first(where: { Double($0.bitrate) <= target * fitSlack }) {
                rungs.append(rung(fit, cap: Int(target), reason: "the largest size that reaches quality \(Self.level(fit.qualityLevel)) within \(Self.kbps(Int(target))) (trial \(Self.kbps(fit.bitrate)))"))
            } else {
                rungs.append(rung(next, cap: Int(target), reason: "no smaller size reaches quality \(Self.level(next.qualityLevel)) within \(Self.kbps(Int(target))): the smallest that leaves a size for each later step, capped (trial \(Self.kbps(next.bitrate)))"))
            }
        }
        for side in required.sorted(by: >) where !rungs.contains(where: { $0.shortSide == side }) {
            guard let measurement = candidates.first(where: { $0.shortSide == side }) else {
                notes.append("\(side) lines: required by a rule but not a candidate (above the source or below MIN_BOTTOM_RENDITION_SIZE)")
                continue
            }
            let cap = min(max(measurement.bitrate, settings.minBitrate), topCap)
            rungs.append(rung(measurement, cap: cap, reason: "required by a rule (FORCE_INCLUDE_RENDITIONS or ALLOWED_RENDITIONS Required), \(Self.kbps(measurement.bitrate)) in its trial"))
        }
        rungs.sort { $0.shortSide > $1.shortSide }
        while rungs.count > settings.maxRenditions {
            // The rung closest in bitrate to the one above it adds least.
            let removable = rungs.indices.dropFirst().filter { !required.contains(rungs[$0].shortSide) }
            guard let index = removable.min(by: { Double(rungs[$0 - 1].maxBitrate) / Double(rungs[$0].maxBitrate) < Double(rungs[$1 - 1].maxBitrate) / Double(rungs[$1].maxBitrate) })
            else { break }
            notes.append("\(rungs[index].width)x\(rungs[index].height): left out for MaxRenditions \(settings.maxRenditions)")
            rungs.remove(at: index)
        }
        for index in rungs.indices.dropFirst() where rungs[index].maxBitrate > rungs[index - 1].maxBitrate {
            rungs[index].maxBitrate = rungs[index - 1].maxBitrate
        }
        for candidate in candidates where !rungs.contains(where: { $0.shortSide == candidate.shortSide }) {
            notes.append("\(Self.describe(candidate)): not chosen, no bitrate step needed it")
        }
        return ABRStack(measurements: measured, rungs: rungs, notes: notes)
    }

    private func rung(_ measurement: ABRMeasurement, cap: Int, reason: String) -> ABRRung {
        ABRRung(
            width: measurement.width, height: measurement.height, qualityLevel: measurement.qualityLevel, maxBitrate: max(cap, 100_000),
            trialBitrate: measurement.bitrate, reason: reason)
    }

    static func describe(_ measurement: ABRMeasurement) -> String {
        "\(measurement.width)x\(measurement.height) (trial \(kbps(measurement.bitrate)))"
    }

    static func kbps(_ bitrate: Int) -> String { "\(Int((Double(bitrate) / 1000).rounded())) kb/s" }

    static func level(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}
