import ArgumentParser
import MediaWorkerAWS
import MediaWorkerS3

/// `media-worker presign s3://BUCKET/KEY`: prints a presigned URL, as `aws s3 presign` does.
struct PresignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presign",
        abstract: "Print a presigned URL for an S3 object.",
        discussion: "The URL works with any HTTP client (curl) until it expires. Credentials, region and endpoint come from the usual AWS settings.")

    @Argument(help: "The object, as s3://BUCKET/KEY.")
    var uri: String

    @Option(help: "Seconds until the URL expires (1 to 604800, that is 7 days).")
    var expires: Int = 3600

    @Option(help: "The HTTP method the URL allows: GET or PUT.")
    var method: String = "GET"

    @Option(help: "Bucket addressing: auto, virtual or path.")
    var addressingStyle: String = "auto"

    func validate() throws {
        guard ["GET", "PUT"].contains(method.uppercased()) else {
            throw ValidationError("--method must be GET or PUT, not \(method)")
        }
        guard (1...604_800).contains(expires) else {
            throw ValidationError("--expires must be between 1 and 604800 seconds (7 days), not \(expires)")
        }
        guard S3AddressingStyle(rawValue: addressingStyle) != nil else {
            throw ValidationError("--addressing-style must be auto, virtual or path")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let location = try S3Location(uri: uri)
            guard !location.key.isEmpty else { throw ValidationError("\(uri) names a bucket, not an object: write s3://BUCKET/KEY") }
            let client = try AWSClient.fromEnvironment()
            let presigner = S3Presigner(client: client, style: S3AddressingStyle(rawValue: addressingStyle) ?? .auto)
            let url = try await presigner.presign(location, method: method.uppercased(), expires: expires)
            print(url)
        }
    }
}
