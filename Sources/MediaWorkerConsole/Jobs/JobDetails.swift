import Foundation
import MediaWorkerPipeline
import MediaWorkerS3

/// What the job page shows: the record's fields, each output with its size and a
/// presigned GET (short-lived, one object, one method), a player per rendition with the
/// captions as a track, the thumbnail, and the error with its code, meaning and what to do.
struct JobDetails: Sendable {
    let index: JobIndex
    let presigner: S3Presigner
    let deliveryBucket: String
    let presignSeconds: Int
    /// The templates a re-run can choose from.
    let templates: TemplateFiles

    func values(recordKey: String, summary: JobSummary?) async throws -> [String: Any]? {
        guard let report = try await index.report(recordKey: recordKey) else {
            guard let summary else { return nil }
            return ["id": recordKey, "key": summary.uploadKey, "status": summary.status.rawValue, "label": summary.status.label, "processing": true]
        }
        let status = JobStatus(report)
        var values: [String: Any] = [
            "id": recordKey, "key": report.input.key, "status": status.rawValue, "label": status.label,
            "size": ByteSize.text(report.input.bytes), "worker": report.worker, "started": JobRows.time(report.startedAt),
            "canRetry": status == .failed || status == .complete, "hasOutputs": !report.outputs.isEmpty,
        ]
        if let finished = report.finishedAt { values["finished"] = JobRows.time(finished) }
        if let attempt = report.attempt { values["attempt"] = attempt }
        if let error = report.error {
            values["error"] = ["code": error.code.rawValue, "message": error.message, "cause": error.cause ?? "", "meaning": error.code.meaning, "action": error.code.action]
        }
        if let timings = report.timings {
            values["timings"] = [("download", timings.download), ("process", timings.process), ("upload", timings.upload), ("total", timings.total)]
                .compactMap { name, seconds in seconds.map { ["name": name, "seconds": String(format: "%.2f s", $0)] } }
        }
        if let media = report.media { values["probe"] = Self.pretty(media) }
        if let job = report.job {
            values["encoding"] = Self.pretty(job)
            values["template"] = job.template
        }
        values["rerunTemplates"] = templates.names.map { ["name": $0, "selected": $0 == report.job?.template] as [String: Any] }
        if let rerun = report.rerun {
            values["rerun"] = ["template": rerun.template, "by": rerun.requestedBy ?? "", "at": rerun.requestedAt ?? "", "replaced": rerun.replacedObjects ?? 0] as [String: Any]
        }
        var outputs: [[String: Any]] = []
        var captions: String?
        for output in report.outputs where output.role == .captions {
            captions = try await url(output.path)
        }
        var players: [[String: Any]] = []
        var hlsPlayers: [[String: Any]] = []
        for output in report.outputs {
            let link = try await url(output.path)
            var row: [String: Any] = ["path": output.path, "role": output.role.rawValue, "size": ByteSize.text(output.bytes), "url": link]
            if let width = output.width, let height = output.height { row["dimensions"] = "\(width)×\(height)" }
            outputs.append(row)
            if output.role == .thumbnail, values["thumbnail"] == nil { values["thumbnail"] = link }
            // An HLS multivariant playlist, played where the browser plays HLS (through HLSProxy).
            let lower = output.path.lowercased()
            if output.role == .playlist, lower.hasSuffix(".m3u8"), !lower.hasSuffix("_iframe.m3u8") {
                hlsPlayers.append(["path": output.path, "url": HLSProxy.url(id: recordKey, path: output.path)])
            }
            if output.role == .rendition, output.path.lowercased().hasSuffix(".mp4") {
                var player: [String: Any] = ["path": output.path, "url": link]
                if let captions { player["captions"] = captions }
                players.append(player)
            }
        }
        values["outputs"] = outputs
        values["players"] = players
        values["hlsPlayers"] = hlsPlayers
        return values
    }

    func url(_ path: String) async throws -> String {
        try await presigner.presign(S3Location(bucket: deliveryBucket, key: path), method: "GET", expires: presignSeconds)
    }

    static func pretty<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }
}
