import Foundation
@testable import MediaWorkerMedia
import Testing

/// The Swift Viola–Jones evaluator against OpenCV's own `CascadeClassifier.detectMultiScale`
/// (opencv-python-headless in the venv) with the same cascade file, parameters and grey pixels.
@Suite("Face detector (OpenCV's Haar cascade)")
struct FaceDetectorTests {
    @Test("OpenCV's frontal face cascade loads: 25 stages, 2913 features, a 24×24 window")
    func loads() throws {
        let cascade = try FacePictures.cascade()
        #expect(cascade.windowWidth == 24 && cascade.windowHeight == 24)
        #expect(cascade.stageCount == 25 && cascade.featureCount == 2913)
    }

    @Test("a file that is not a BOOST/HAAR cascade is refused with what is wrong")
    func refusesOtherFiles() throws {
        let path = try TestTools.temporaryDirectory("mw-faces").appendingPathComponent("lbp.xml").path
        try Data("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>LBP</featureType></cascade></opencv_storage>".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect { try HaarCascade.load(path: path) } throws: { ($0 as? MediaError)?.message.contains("featureType is not HAAR") == true }
        #expect { try HaarCascade.load(path: path + ".missing") } throws: { ($0 as? MediaError)?.message.contains("opencv-data") == true }
    }

    @Test("on the astronaut photo at three sizes and mirrored, the same faces as OpenCV (IoU ≥ 0.5 each)", arguments: [480, 320, 640])
    func matchesOpenCV(width: Int) async throws {
        let detector = FaceDetector(cascade: try FacePictures.cascade())
        let picture = try await FacePictures.astronaut(width: width)
        var mirrored = picture.grey
        for y in 0..<mirrored.height {
            let row = y * mirrored.width
            for x in 0..<mirrored.width { mirrored.pixels[row + x] = picture.grey.pixels[row + mirrored.width - 1 - x] }
        }
        let mirroredPath = try FacePictures.write(mirrored, "mirrored-\(width).pgm")
        let reference = try await FacePictures.opencv([picture.pgm, mirroredPath])
        try #require(reference.count == 2)
        #expect(!reference[0].isEmpty, "OpenCV finds no face in the astronaut photo at \(width) px")
        for (grey, opencv) in zip([picture.grey, mirrored], reference) {
            let ours = detector.detect(grey.pixels, width: grey.width, height: grey.height).map { [$0.x, $0.y, $0.width, $0.height] }
            #expect(ours.count == opencv.count, "at \(width) px: ours \(ours), OpenCV \(opencv)")
            for box in opencv {
                let best = ours.map { FacePictures.iou($0, box) }.max() ?? 0
                #expect(best >= 0.5, "at \(width) px: OpenCV's \(box) matches none of ours \(ours) (best IoU \(best))")
            }
        }
    }

    @Test("noise and a flat frame have no face, for OpenCV and for us")
    func negatives() async throws {
        let detector = FaceDetector(cascade: try FacePictures.cascade())
        var state: UInt32 = 12345
        let noise = FacePictures.Grey(pixels: (0..<(480 * 270)).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(state >> 24)
        }, width: 480, height: 270)
        let flat = FacePictures.Grey(pixels: [UInt8](repeating: 128, count: 480 * 270), width: 480, height: 270)
        let reference = try await FacePictures.opencv([try FacePictures.write(noise, "noise.pgm"), try FacePictures.write(flat, "flat.pgm")])
        #expect(reference == [[], []])
        #expect(detector.detect(noise.pixels, width: 480, height: 270).isEmpty)
        #expect(detector.detect(flat.pixels, width: 480, height: 270).isEmpty)
        // A flat window is refused before any stage (its deviation is under 10 levels).
        #expect(detector.candidates(flat.pixels, width: 480, height: 270).isEmpty)
    }

    @Test("the compiled cascade (flat buffers, offsets per stride) decides every window of the astronaut photo as the cascade's own trees do")
    func compiledMatchesPlain() async throws {
        let cascade = try FacePictures.cascade()
        let picture = try await FacePictures.astronaut(width: 320).grey
        let integral = IntegralImage(picture.pixels, width: picture.width, height: picture.height)
        let compiled = CompiledCascade(cascade, stride: picture.width + 1)
        var (windows, passedFirst, accepted, mismatches) = (0, 0, 0, [String]())
        integral.sums.withUnsafeBufferPointer { sums in
            for y in 0...(picture.height - cascade.windowHeight) {
                for x in 0...(picture.width - cascade.windowWidth) {
                    // OpenCV's normalisation, as FaceDetector does it.
                    let (w, h) = (cascade.windowWidth, cascade.windowHeight)
                    let area = Double((w - 2) * (h - 2))
                    let sum = Double(integral.sum(x: x + 1, y: y + 1, width: w - 2, height: h - 2))
                    let squares = Double(integral.squares(x: x + 1, y: y + 1, width: w - 2, height: h - 2))
                    let nf = area * squares - sum * sum
                    guard nf > 0 else { continue }
                    let normFactor = Float(1 / nf.squareRoot())
                    let expected = Self.plainStages(cascade, integral, x: x, y: y, normFactor: normFactor)
                    let got = compiled.run(sums, origin: y * (picture.width + 1) + x, normFactor: normFactor)
                    windows += 1
                    if expected != 0 { passedFirst += 1 }
                    if expected == 1 { accepted += 1 }
                    if got != expected, mismatches.count < 5 { mismatches.append("(\(x), \(y)): \(got) vs \(expected)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The comparison covered windows decided at later stages and accepted ones, not only first-stage rejections.
        #expect(windows > 50_000 && passedFirst > 1000 && accepted > 0, "\(windows) windows, \(passedFirst) past stage 0, \(accepted) accepted")
    }

    /// The cascade's stages over its own trees and rectangles, one window: the oracle.
    static func plainStages(_ cascade: HaarCascade, _ integral: IntegralImage, x: Int, y: Int, normFactor: Float) -> Int {
        for (index, stage) in cascade.stages.enumerated() {
            var total = 0.0
            for tree in stage.trees {
                var node = 0
                repeat {
                    let current = tree.nodes[node]
                    var value: Float = 0
                    for rect in cascade.features[current.feature] {
                        value += rect.weight * Float(integral.sum(x: x + rect.x, y: y + rect.y, width: rect.width, height: rect.height))
                    }
                    node = value * normFactor < current.threshold ? current.left : current.right
                } while node > 0
                total += Double(tree.leaves[-node])
            }
            if total < Double(stage.threshold) { return -index }
        }
        return 1
    }
}
