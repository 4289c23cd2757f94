import Foundation

/// The kept results of each stage under `analysis/<path>/<name>/`: `signals.json` (the
/// analysis pass), `shots.json` (cuts and the camera's decision per shot), `candidates.json`
/// (every candidate with its scores and why it was or was not chosen) and `camera.json` (the
/// crop path). Each carries `version`, so a later media-worker can tell what it reads; re-ranking
/// (`--rescore`) needs only `candidates.json`.
public enum ShortsArtifacts {
    /// The artifacts' format version.
    public static let version = 1

    /// The artifacts' file names, in the order the stages make them.
    public static let names = ["signals.json", "shots.json", "candidates.json", "camera.json"]

    struct Versioned<Body: Codable>: Codable {
        var version: Int
        var body: Body
    }

    struct Shots: Codable {
        var cuts: [Double]
        var shots: [CameraShot]
    }

    /// Writes `value` as `<directory>/<name>` (atomically).
    static func write<Body: Codable>(_ value: Body, _ name: String, in directory: String) throws(ShortsError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(Versioned(version: version, body: value))
            try data.write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)), options: .atomic)
        } catch {
            throw ShortsError(.artifact, "cannot write \(name) in \(directory): \(error.localizedDescription)", cause: "\(error)")
        }
    }

    static func read<Body: Codable>(_ type: Body.Type, _ name: String, in directory: String) throws(ShortsError) -> Body {
        let path = (directory as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShortsError(.artifact, "\(path) is missing; run media-worker shorts on the video first (without --rescore)")
        }
        do {
            let versioned = try JSONDecoder().decode(Versioned<Body>.self, from: data)
            guard versioned.version == version else {
                throw ShortsError(.artifact, "\(path) is version \(versioned.version), this media-worker reads \(version); analyse the video again")
            }
            return versioned.body
        } catch let error as ShortsError {
            throw error
        } catch {
            throw ShortsError(.artifact, "\(path) cannot be read: \(error); analyse the video again", cause: "\(error)")
        }
    }

    /// Writes the shorts manifest (`<name>_shorts.json`: each short's range, score, signals,
    /// files and loudness) at `path`, atomically.
    public static func writeManifest(_ outputs: [ShortOutput], to path: String) throws(ShortsError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(outputs).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ShortsError(.artifact, "cannot write \(path): \(error.localizedDescription)", cause: "\(error)")
        }
    }
}
