import MediaWorkerMedia
import Testing

/// Automated ABR's choice of renditions from trial measurements (no I/O).
@Suite("Automated ABR: the stack chosen from the trial encodes, within every AbrSettings limit and rule")
struct ABRLadderSelectorTests {
    /// Trial bitrates at 720, 540, 432, 360 and 270 lines of a 1280×720 source.
    static func measured(_ bitrates: [Int]) -> [ABRMeasurement] {
        zip([(1280, 720), (960, 540), (768, 432), (640, 360), (480, 270)], bitrates).map {
            ABRMeasurement(width: $0.0.0, height: $0.0.1, qualityLevel: 7, bitrate: $0.1)
        }
    }

    static let still = measured([200_000, 140_000, 110_000, 90_000, 70_000])
    static let talking = measured([1_200_000, 800_000, 550_000, 420_000, 260_000])
    static let noise = measured([20_000_000, 12_000_000, 8_000_000, 6_000_000, 3_500_000])
    static let template03 = AutomatedABRSettings(maxBitrate: 5_000_000, minBitrate: 300_000, maxRenditions: 6)

    static func check(_ stack: ABRStack, _ settings: AutomatedABRSettings) {
        let sides = stack.rungs.map(\.shortSide)
        #expect(sides == sides.sorted(by: >) && Set(sides).count == sides.count, "sizes strictly smaller down the stack: \(sides)")
        #expect(stack.rungs.count <= settings.maxRenditions)
        #expect(stack.rungs.allSatisfy { $0.maxBitrate <= settings.maxBitrate }, "\(stack.rungs.map(\.maxBitrate))")
        let caps = stack.rungs.map(\.maxBitrate)
        #expect(caps == caps.sorted(by: >=), "caps never rise down the stack: \(caps)")
    }

    @Test("a still slide needs one rendition; a talking head three; high-motion noise one per size, the top capped at MaxAbrBitrate")
    func complexity() {
        let selector = ABRLadderSelector(settings: Self.template03)
        let still = selector.select(Self.still)
        let talking = selector.select(Self.talking)
        let noise = selector.select(Self.noise)
        for stack in [still, talking, noise] { Self.check(stack, Self.template03) }
        #expect(still.rungs.map(\.shortSide) == [720])
        #expect(still.notes.contains { $0.hasPrefix("one rendition by bitrate") })
        #expect(talking.rungs.map(\.shortSide) == [720, 432, 270], "\(talking.rungs)")
        #expect(talking.rungs.map(\.maxBitrate) == [1_800_000, 600_000, 300_000])
        #expect(noise.rungs.map(\.shortSide) == [720, 540, 432, 360, 270])
        #expect(noise.rungs[0].maxBitrate == 5_000_000 && noise.rungs[0].reason.contains("capped at MaxAbrBitrate"))
        #expect(noise.rungs.last?.maxBitrate == 300_000, "the bottom at MinAbrBitrate")
        #expect(noise.notes.contains { $0.hasPrefix("only 5 sizes for the 6 bitrate steps") }, "\(noise.notes)")
        #expect(still.rungs.count < talking.rungs.count && talking.rungs.count < noise.rungs.count)
    }

    @Test("a cheap small size never ends the stack early: every step keeps a size below it, the bottom at MinAbrBitrate")
    func bottomReached() {
        let sizes = [(1920, 1080), (1280, 720), (960, 540), (768, 432), (640, 360), (480, 270)]
        let measured = zip(sizes, [24_000_000, 20_000_000, 15_000_000, 10_000_000, 6_000_000, 2_500_000]).map {
            ABRMeasurement(width: $0.0.0, height: $0.0.1, qualityLevel: 7, bitrate: $0.1)
        }
        let settings = AutomatedABRSettings(maxBitrate: 6_000_000)
        let stack = ABRLadderSelector(settings: settings).select(measured)
        Self.check(stack, settings)
        #expect(stack.rungs.map(\.shortSide) == [1080, 540, 432, 360, 270], "\(stack.rungs)")
        #expect(stack.rungs.last?.maxBitrate == 600_000)
    }

    @Test("MaxRenditions bounds the stack; a bitrate step never repeats a size")
    func maxRenditions() {
        let stack = ABRLadderSelector(settings: AutomatedABRSettings(maxBitrate: 5_000_000, minBitrate: 300_000, maxRenditions: 3)).select(Self.noise)
        // Starved at every step (no size reaches the quality): the smallest size that leaves one for the next step.
        #expect(stack.rungs.map(\.shortSide) == [720, 360, 270])
        #expect(stack.rungs.map(\.maxBitrate) == [5_000_000, 1_224_745, 300_000])
    }

    @Test("MIN_BOTTOM_RENDITION_SIZE: no rendition below it; FORCE_INCLUDE_RENDITIONS: its sizes always in the stack")
    func bottomAndForced() {
        var settings = Self.template03
        settings.minBottom = .init(width: 640, height: 360)
        let bottom = ABRLadderSelector(settings: settings).select(Self.noise)
        Self.check(bottom, settings)
        #expect(bottom.rungs.map(\.shortSide) == [720, 540, 432, 360])
        #expect(bottom.notes.contains { $0.contains("480x270") && $0.contains("MIN_BOTTOM_RENDITION_SIZE") })

        var forced = Self.template03
        forced.forceInclude = [.init(width: 960, height: 540), .init(width: 1920, height: 1080)]
        let stack = ABRLadderSelector(settings: forced).select(Self.talking)
        Self.check(stack, forced)
        #expect(stack.rungs.map(\.shortSide) == [720, 540, 432, 270])
        #expect(stack.rungs[1].reason.hasPrefix("required by a rule"))
        #expect(stack.notes.contains { $0.hasPrefix("1080 lines: required by a rule but not a candidate") })
    }

    @Test("ALLOWED_RENDITIONS: only its sizes, Required ones always; MaxRenditions never drops a required size")
    func allowed() {
        var settings = AutomatedABRSettings(maxBitrate: 5_000_000, minBitrate: 300_000, maxRenditions: 3)
        settings.allowed = [(.init(width: 1280, height: 720), false), (.init(width: 640, height: 360), true), (.init(width: 480, height: 270), false)]
        let allowed = Self.noise.filter { [720, 360, 270].contains($0.shortSide) }
        let stack = ABRLadderSelector(settings: settings).select(allowed)
        Self.check(stack, settings)
        #expect(stack.rungs.map(\.shortSide) == [720, 360, 270])
        settings.maxRenditions = 3
        settings.allowed[2].required = true
        let trimmed = ABRLadderSelector(settings: settings).select(allowed)
        #expect(trimmed.rungs.map(\.shortSide) == [720, 360, 270])
    }

    @Test("MaxQualityLevel sets every rendition's level; without it 7 up to 1080 lines and 8 above")
    func quality() {
        #expect(AutomatedABRSettings().qualityLevel(shortSide: 1080) == 7)
        #expect(AutomatedABRSettings().qualityLevel(shortSide: 2160) == 8)
        #expect(AutomatedABRSettings(maxQualityLevel: 9.5).qualityLevel(shortSide: 720) == 9.5)
        #expect(AutomatedABRSettings().maxBitrate == 8_000_000 && AutomatedABRSettings().minBitrate == 600_000 && AutomatedABRSettings().maxRenditions == 15)
    }

    @Test("the trial's candidate sizes: the standard ones and the source's own, none above it; ALLOWED_RENDITIONS' alone when given")
    func candidates() {
        #expect(ABRTrial(settings: AutomatedABRSettings()).candidateShortSides(sourceShortSide: 720) == [720, 540, 432, 360, 270])
        #expect(ABRTrial(settings: AutomatedABRSettings()).candidateShortSides(sourceShortSide: 800) == [800, 720, 540, 432, 360, 270])
        var settings = AutomatedABRSettings()
        settings.allowed = [(.init(width: 1920, height: 1080), true), (.init(width: 854, height: 480), false)]
        #expect(ABRTrial(settings: settings).candidateShortSides(sourceShortSide: 720) == [480])
    }
}
