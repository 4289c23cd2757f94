import ArgumentParser
import Foundation
import MediaWorkerService
import MediaWorkerSupport

/// The bucket flags every command that names buckets takes (`plan`, `process`, `run`,
/// `setup`), each standing for its variable. `--delivery-bucket` is the old spelling of
/// `--destination-bucket`, kept hidden.
struct BucketOptions: ParsableArguments {
    @Option(help: "The upload bucket (WATCH_BUCKET).")
    var watchBucket: String?

    @Option(help: "The delivery bucket (DESTINATION_BUCKET, or DELIVERY_BUCKET).")
    var destinationBucket: String?

    @Option(name: .customLong("delivery-bucket"), help: .hidden)
    var deliveryBucket: String?

    @Option(help: "The watched prefix (WATCH_PREFIX, default inputs/).")
    var watchPrefix: String?

    /// The flags by the variable each stands for.
    var flags: [String: String?] {
        ["WATCH_BUCKET": watchBucket, "DESTINATION_BUCKET": destinationBucket ?? deliveryBucket, "WATCH_PREFIX": watchPrefix]
    }
}

extension ConfigReader {
    /// The process environment under the given flags.
    static func command(_ flags: [String: String?]) -> ConfigReader {
        ConfigReader(flags: flags, environment: ProcessInfo.processInfo.environment)
    }
}

/// Reads a command's settings; problems go to standard error (one line, or a line each)
/// and the command exits with status 2, as a command-line error does.
func readSettings<Settings>(_ read: () throws(WorkerConfigurationError) -> Settings) throws -> Settings {
    do {
        return try read()
    } catch {
        FileHandle.standardError.write(Data("media-worker: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
