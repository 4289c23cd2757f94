import MediaWorkerService
import Testing

/// `WATCH_LISTING` and `LISTING_INTERVAL_SECONDS`, read with the other queue sources.
@Suite("Listing watcher configuration")
struct ListingConfigurationTests {
    @Test("WATCH_LISTING=true lists the watch bucket every 30 s, or every LISTING_INTERVAL_SECONDS")
    func listing() throws {
        let base = ["WATCH_LISTING": "true", "WATCH_BUCKET": "in", "DESTINATION_BUCKET": "out", "WATCH_PREFIX": "uploads"]
        let configuration = try WorkerConfiguration.fromEnvironment(base)
        #expect(configuration.queue == .listing(intervalSeconds: 30))
        #expect(configuration.watchBucket == "in" && configuration.watchPrefix == "uploads/")
        let faster = try WorkerConfiguration.fromEnvironment(base.merging(["LISTING_INTERVAL_SECONDS": "5"]) { $1 })
        #expect(faster.queue == .listing(intervalSeconds: 5))
        // Off, it is not a source.
        let sqs = try WorkerConfiguration.fromEnvironment(["WATCH_LISTING": "false", "QUEUE_URL": "q", "DESTINATION_BUCKET": "out"])
        #expect(sqs.queue == .sqs(url: "q"))
    }

    @Test("Each problem names what to set: the watch bucket, one source only, the interval's range, the flag's values")
    func problems() {
        func problems(_ environment: [String: String]) -> [String] {
            do {
                _ = try WorkerConfiguration.fromEnvironment(environment)
                return []
            } catch {
                return error.problems
            }
        }
        #expect(problems(["WATCH_LISTING": "true", "DESTINATION_BUCKET": "out"]) == [
            "WATCH_BUCKET: WATCH_LISTING=true lists this bucket's WATCH_PREFIX; set the bucket uploads arrive in (--watch-bucket)",
        ])
        #expect(problems(["WATCH_LISTING": "true", "QUEUE_URL": "q", "WATCH_BUCKET": "in", "DESTINATION_BUCKET": "out"]) == [
            "set one of QUEUE_URL, REDIS_URL, WEBHOOK_LISTEN or WATCH_LISTING=true, not several",
        ])
        let interval = problems(["WATCH_LISTING": "true", "WATCH_BUCKET": "in", "DESTINATION_BUCKET": "out", "LISTING_INTERVAL_SECONDS": "0"])
        #expect(interval.count == 1 && interval[0].hasPrefix("LISTING_INTERVAL_SECONDS=0"), "\(interval)")
        let flag = problems(["WATCH_LISTING": "sometimes", "WATCH_BUCKET": "in", "DESTINATION_BUCKET": "out"])
        #expect(flag.first?.hasPrefix("WATCH_LISTING=sometimes") == true, "\(flag)")
        #expect(problems(["DESTINATION_BUCKET": "out"]).first?.contains("or WATCH_LISTING=true to list a bucket without notifications") == true)
    }
}
