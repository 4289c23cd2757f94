@testable import MediaWorkerMedia
import Testing

@Suite("Ladder planning, geometry and frame-rate conversion (no I/O)")
struct PlanningTests {
    func plan(_ width: Int, _ height: Int, sar: (Int, Int) = (1, 1), rotation: Int = 0) -> [String] {
        RenditionPlan.plan(Rendition.defaultLadder, geometry: DisplayGeometry(codedWidth: width, codedHeight: height, sampleAspect: sar, rotation: rotation))
            .map { "\($0.rendition.name) \($0.width)x\($0.height)" }
    }

    @Test("the rung is the shorter side; never above the source; even; display aspect kept")
    func ladder() {
        #expect(plan(1920, 1080) == ["1080p 1920x1080", "720p 1280x720", "480p 854x480", "360p 640x360"])
        #expect(plan(1080, 1920) == ["1080p 1080x1920", "720p 720x1280", "480p 480x854", "360p 360x640"])
        #expect(plan(1920, 1080, rotation: 90) == ["1080p 1080x1920", "720p 720x1280", "480p 480x854", "360p 360x640"])
        #expect(plan(1280, 720) == ["720p 1280x720", "480p 854x480", "360p 640x360"])
        #expect(plan(853, 480) == ["480p 852x480", "360p 640x360"])
        #expect(plan(720, 576, sar: (16, 15)) == ["480p 640x480", "360p 480x360"])
        #expect(plan(720, 480, sar: (32, 27)) == ["480p 852x480", "360p 640x360"])
        // Smaller than every rung: the smallest rung at the source's own size.
        #expect(plan(320, 240) == ["360p 320x240"])
        #expect(plan(321, 241) == ["360p 320x240"])
    }

    @Test("a 4K source's smaller rungs scale from its 1080p output; a 1080p source's from the source")
    func cascade() {
        let fourK = RenditionPlan.plan(Rendition.defaultLadder, geometry: DisplayGeometry(codedWidth: 3840, codedHeight: 2160))
        #expect(fourK.map(\.scalesFrom) == [nil, 0, 0, 0])
        let hd = RenditionPlan.plan(Rendition.defaultLadder, geometry: DisplayGeometry(codedWidth: 1920, codedHeight: 1080))
        #expect(hd.map(\.scalesFrom) == [nil, nil, nil, nil])
    }

    @Test("rotation is normalized to quarter turns")
    func rotation() {
        #expect(DisplayGeometry.normalize(-90) == 270)
        #expect(DisplayGeometry.normalize(450) == 90)
        #expect(DisplayGeometry.normalize(-181) == 180)
        #expect(DisplayGeometry(codedWidth: 1920, codedHeight: 1080, rotation: 270).displaySize == (1080, 1920))
    }

    @Test("constant frame rate: gaps repeat the previous frame, early frames drop, the first covers the start")
    func frameRate() {
        var converter = FrameRateConverter(framesPerSecond: 10)
        #expect(converter.accept(time: 0.2) == .init(previousCopies: 0, currentCopies: 3, firstSlot: 0))
        #expect(converter.accept(time: 0.3) == .init(previousCopies: 0, currentCopies: 1, firstSlot: 3))
        #expect(converter.accept(time: 0.33) == .init(previousCopies: 0, currentCopies: 0, firstSlot: 4))
        #expect(converter.accept(time: 0.7) == .init(previousCopies: 3, currentCopies: 1, firstSlot: 4))
        #expect(converter.finish(endTime: 1.0) == 2)
        #expect(converter.nextSlot == 10)
        #expect(converter.finish(endTime: 0.5) == 0)
    }
}
