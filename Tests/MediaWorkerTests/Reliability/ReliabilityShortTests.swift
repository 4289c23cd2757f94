import Foundation
import Testing

/// Short versions of `make reliability` (Tests/Helpers/reliability.py): three workers on one
/// queue under load and under each fault, every upload delivered once and nothing lost.
@Suite("Reliability (short runs)", .serialized)
struct ReliabilityShortTests {
    struct Run: Sendable, CustomStringConvertible {
        let scenario: String
        let uploads: Int
        let extra: [String]
        var description: String { scenario }
    }

    static let runs = [
        Run(scenario: "load", uploads: 24, extra: []),
        Run(scenario: "faults", uploads: 24, extra: []),
        Run(scenario: "s3-down", uploads: 24, extra: ["--outage-seconds", "8"]),
        // Three kills, each of a worker seen running a job (not on a clock: on a slow machine
        // a kill every second would leave no job time to finish).
        Run(scenario: "kill", uploads: 24, extra: ["--kills", "3"]),
        Run(scenario: "disk-full", uploads: 24, extra: []),
        Run(scenario: "twice", uploads: 24, extra: []),
    ]

    @Test("Three workers deliver every upload exactly once, leaving no temp files", arguments: runs)
    func run(_ run: Run) async throws {
        let localstack = try await SharedServers.shared.localStack()
        let result = try await ProcessRunner.run(try TestTools.python(), [
            TestTools.helper("reliability.py"), "--binary", try TestTools.mediaWorker(), "--scenario", run.scenario, "--uploads", String(run.uploads),
            "--workers", "3", "--endpoint", localstack.endpoint,
            // Only a ceiling for a hung run: the run ends when every upload has its record.
            "--timeout", "1800",
        ] + run.extra)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let line = try #require(result.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        if let skipped = figures["skipped"] as? String {
            withKnownIssue("this machine cannot run the scenario: \(skipped)") { Issue.record("skipped") }
            return
        }
        func number(_ name: String) -> Double { (figures[name] as? NSNumber)?.doubleValue ?? -1 }
        #expect(number("complete") == Double(run.uploads), "\(figures)")
        #expect(number("failed") == 0 && number("lost") == 0)
        #expect((figures["missing_keys"] as? [String])?.isEmpty == true, "\(figures)")
        #expect((figures["extra_keys"] as? [String])?.isEmpty == true, "\(figures)")
        #expect(number("queue_left") == 0 && number("dead_letters") == 0)
        #expect(number("temp_files_left") == 0)
        switch run.scenario {
        case "load":
            #expect(number("keys_written_more_than_once") == 0, "an output was written twice without a fault")
        case "twice":
            // Every event reached the queue twice at once: the claims keep it to one job.
            #expect(number("keys_written_more_than_once") == 0, "two workers wrote one upload's outputs: \(figures)")
        case "faults":
            let s3 = figures["faults_s3"] as? [String: Any]
            let sqs = figures["faults_sqs"] as? [String: Any]
            #expect(((s3?["faults"] as? NSNumber)?.intValue ?? 0) > 0 && ((sqs?["faults"] as? NSNumber)?.intValue ?? 0) > 0, "no fault was injected")
        case "s3-down":
            let s3 = figures["faults_s3"] as? [String: Any]
            #expect((((s3?["by_mode"] as? [String: Any])?["down"] as? NSNumber)?.intValue ?? 0) > 0, "S3 was never down")
            #expect(number("retried_jobs") > 0)
        case "kill":
            #expect(number("kills") == 3, "\(figures)")
        case "disk-full":
            #expect(number("disk_fills") >= 1)
            #expect(number("enospc_failures") + number("paused_for_disk") >= 1, "the full disk never met a job: \(figures)")
        default:
            break
        }
    }
}
