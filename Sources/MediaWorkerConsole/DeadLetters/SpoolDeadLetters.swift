import Foundation

/// The webhook spool's dead folder (`WORK_DIR/webhook-spool/dead`): each message a file,
/// its reason beside it (`.reason`). Redriving renames it back into `incoming/`.
struct SpoolDeadLetters: DeadLetterBox {
    let directory: String

    var id: String { "spool" }
    var title: String { "webhook spool \(directory)/dead" }

    var dead: String { (directory as NSString).appendingPathComponent("dead") }

    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dead)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    func list(limit: Int) async throws -> [DeadLetter] {
        names().prefix(limit).map { name in
            let path = (dead as NSString).appendingPathComponent(name)
            let body = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let reason = (try? String(contentsOfFile: path + ".reason", encoding: .utf8)) ?? "no reason kept"
            return DeadLetter(box: id, id: name, key: EventKey.key(of: body), reason: reason, body: body)
        }
    }

    func redrive(id: String) async throws -> Bool {
        guard names().contains(id), !id.contains("/") else { return false }
        let source = (dead as NSString).appendingPathComponent(id)
        let target = ((directory as NSString).appendingPathComponent("incoming") as NSString).appendingPathComponent(id)
        guard rename(source, target) == 0 else { return false }
        try? FileManager.default.removeItem(atPath: source + ".reason")
        return true
    }

    func redriveAll() async throws -> Int {
        var count = 0
        for name in names() where try await redrive(id: name) { count += 1 }
        return count
    }
}
