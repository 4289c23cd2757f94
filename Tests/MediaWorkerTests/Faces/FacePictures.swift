import Foundation
import MediaWorkerMedia
import Testing

/// The face detector tests' inputs: OpenCV's cascade (Debian's opencv-data) and a real face
/// photo (scikit-image's astronaut.png in the venv), as grey PGM pictures; each missing one
/// skips the test with one printed line, except with CI=true, where it fails.
enum FacePictures {
    struct Grey {
        var pixels: [UInt8]
        var width: Int
        var height: Int
    }

    static func require(_ present: Bool, _ reason: String) throws {
        guard !present else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestTools.Missing(description: "the face detector tests need it with CI=true: \(reason)")
        }
        print("Face detector test skipped: \(reason)")
        try Test.cancel("skipped: \(reason)")
    }

    static func cascade() throws -> HaarCascade {
        try require(FileManager.default.fileExists(atPath: HaarCascade.frontalFacePath), "\(HaarCascade.frontalFacePath) is missing (apt-get install opencv-data, or make deps)")
        return try HaarCascade.load(path: HaarCascade.frontalFacePath)
    }

    /// The astronaut photo as grey, `width` pixels wide (written by OpenCV), and the PNG's path.
    static func astronaut(width: Int) async throws -> (grey: Grey, pgm: String, png: String) {
        let python = try TestTools.python()
        let pgm = try TestTools.temporaryDirectory("mw-faces").appendingPathComponent("astronaut-\(width).pgm").path
        let result = try await ProcessRunner.run(python, [TestTools.helper("opencv_faces.py"), "picture", pgm, "\(width)"])
        try require(result.status != 3, "the astronaut photo is missing: \(result.stderr) (make deps-python installs scikit-image)")
        try #require(result.status == 0, "\(result.stderr)")
        return (try read(pgm), pgm, result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// OpenCV's `detectMultiScale` on each PGM: x, y, width, height.
    static func opencv(_ pgms: [String], scaleFactor: Double = 1.1, minNeighbors: Int = 3) async throws -> [[[Int]]] {
        let result = try await ProcessRunner.run(
            try TestTools.python(), [TestTools.helper("opencv_faces.py"), "detect", HaarCascade.frontalFacePath, "\(scaleFactor)", "\(minNeighbors)"] + pgms)
        try #require(result.status == 0, "\(result.stderr)")
        return try result.stdout.split(separator: "\n").map { try JSONDecoder().decode([[Int]].self, from: Data($0.utf8)) }
    }

    static func read(_ path: String) throws -> Grey {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // P5 <width> <height> <maxval> then one byte per pixel.
        var fields: [Int] = []
        var index = 2
        while fields.count < 3 {
            while data[index] == 0x20 || data[index] == 0x0a || data[index] == 0x0d || data[index] == 0x09 { index += 1 }
            var value = 0
            while data[index] >= 0x30 && data[index] <= 0x39 {
                value = value * 10 + Int(data[index] - 0x30)
                index += 1
            }
            fields.append(value)
        }
        index += 1
        try #require(data[0] == 0x50 && data[1] == 0x35 && fields[2] == 255 && data.count - index >= fields[0] * fields[1])
        return Grey(pixels: Array(data[index..<index + fields[0] * fields[1]]), width: fields[0], height: fields[1])
    }

    static func write(_ grey: Grey, _ name: String) throws -> String {
        let path = try TestTools.temporaryDirectory("mw-faces").appendingPathComponent(name).path
        try (Data("P5\n\(grey.width) \(grey.height)\n255\n".utf8) + Data(grey.pixels)).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func iou(_ a: [Int], _ b: [Int]) -> Double {
        let w = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
        let h = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
        let inter = Double(w * h)
        return inter / Double(a[2] * a[3] + b[2] * b[3] - w * h)
    }
}
