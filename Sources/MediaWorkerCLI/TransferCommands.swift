import ArgumentParser
import Foundation
import MediaWorkerAWS
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport

/// `media-worker upload FILE [s3://BUCKET/KEY]`.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload a file to S3 (multipart and parallel for large files).",
        discussion: "Without a destination the file goes to the watch bucket: s3://$WATCH_BUCKET/$WATCH_PREFIX<file name> (WATCH_PREFIX defaults to inputs/).")

    @Argument(help: "The file to upload.")
    var file: String

    @Argument(help: "The destination, s3://BUCKET/KEY (a KEY ending in / gets the file name appended).")
    var destination: String?

    @Option(help: "The Content-Type (default: from the file extension).")
    var contentType: String?

    func run() async throws {
        TransferMemory.returnLargeBuffers()
        try await reportingFailure {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("\(file) does not exist or cannot be read")
            }
            let name = URL(fileURLWithPath: file).lastPathComponent
            let reader = ConfigReader.command([:])
            let environment = AWSEnvironment(reader: reader)
            var location: S3Location
            if let destination {
                location = try S3Location(uri: destination)
                if location.key.isEmpty || location.key.hasSuffix("/") { location.key += name }
            } else {
                let buckets = BucketSettings.read(reader)
                guard let bucket = buckets.watchBucket else {
                    throw ValidationError("no destination: give s3://BUCKET/KEY or set WATCH_BUCKET")
                }
                location = S3Location(bucket: bucket, key: buckets.watchPrefix + name)
            }
            let s3 = try S3Client.fromEnvironment(environment)
            let progress = ProgressReporter(label: "upload")
            let info = try await s3.upload(location, file: file, options: S3PutOptions(contentType: contentType ?? ContentTypes.forPath(file))) {
                progress.update($0, $1)
            }
            progress.finish()
            print("uploaded \(file) to \(location) (\(ProgressReporter.bytes(info.size)), ETag \(info.etag))")
        }
    }
}

/// `media-worker download s3://BUCKET/KEY FILE`.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download an S3 object to a file (parallel ranged GETs for large objects, verified).")

    @Argument(help: "The object, s3://BUCKET/KEY.")
    var source: String

    @Argument(help: "The file to write (a directory gets the object's name).")
    var file: String

    func run() async throws {
        TransferMemory.returnLargeBuffers()
        try await reportingFailure {
            let location = try S3Location(uri: source)
            guard !location.key.isEmpty else { throw ValidationError("\(source) names a bucket, not an object") }
            var path = file
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                path = URL(fileURLWithPath: path).appendingPathComponent(String(location.key.split(separator: "/").last ?? "download")).path
            }
            let s3 = try S3Client.fromEnvironment()
            let progress = ProgressReporter(label: "download")
            let info = try await s3.download(location, toFile: path) { progress.update($0, $1) }
            progress.finish()
            print("downloaded \(location) to \(path) (\(ProgressReporter.bytes(info.size)))")
        }
    }
}

/// `media-worker ls s3://BUCKET[/PREFIX]`.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List objects and folders under an S3 prefix, as `aws s3 ls` does.")

    @Argument(help: "s3://BUCKET or s3://BUCKET/PREFIX")
    var uri: String

    @Flag(help: "List every object below the prefix instead of one level.")
    var recursive = false

    func run() async throws {
        TransferMemory.returnLargeBuffers()
        try await reportingFailure {
            let location = try S3Location(uri: uri)
            let s3 = try S3Client.fromEnvironment()
            var token: String?
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            formatter.timeZone = TimeZone(identifier: "UTC")
            repeat {
                let page = try await s3.listObjects(bucket: location.bucket, prefix: location.key, delimiter: recursive ? nil : "/", continuationToken: token)
                for prefix in page.commonPrefixes {
                    print("                           PRE \(prefix.dropFirst(location.key.count))")
                }
                for object in page.objects {
                    let date = object.lastModified.map { formatter.string(from: $0) } ?? "                   "
                    let size = String(object.size)
                    let shown = recursive ? object.key : String(object.key.dropFirst(location.key.count))
                    print("\(date) \(String(repeating: " ", count: max(0, 10 - size.count)))\(size) \(shown)")
                }
                token = page.nextContinuationToken
            } while token != nil
        }
    }
}
