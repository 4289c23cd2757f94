public import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning
import Foundation
import MediaWorkerSupport

/// AWS Elemental MediaConvert over its REST-JSON API (2017-08-29), signed with SigV4 as
/// service `mediaconvert`: CreateJob and GetJob.
public final class MediaConvertClient: Sendable {
    public let aws: AWSClient
    /// `https://mediaconvert.REGION.amazonaws.com`, an account endpoint, or a test server.
    public let endpoint: AWSEndpoint

    public init(aws: AWSClient, endpoint: AWSEndpoint? = nil) {
        self.aws = aws
        self.endpoint = endpoint ?? aws.configuration.endpoint(for: "mediaconvert")
    }

    /// The endpoint from `MEDIACONVERT_ENDPOINT` if set, else the configuration's regional one
    /// (which `AWS_ENDPOINT_URL_MEDIACONVERT` and `AWS_ENDPOINT_URL` override).
    public static func endpoint(environment: [String: String], configuration: AWSConfiguration) throws -> AWSEndpoint {
        if let text = environment["MEDIACONVERT_ENDPOINT"], !text.isEmpty {
            guard let endpoint = AWSEndpoint(url: text, isCustom: false) else {
                throw AWSConfigurationError("MEDIACONVERT_ENDPOINT=\(text) is not an http(s) URL; use the account endpoint, like https://abcd1234.mediaconvert.us-east-1.amazonaws.com")
            }
            return endpoint
        }
        return configuration.endpoint(for: "mediaconvert")
    }

    /// Submits a planned job. The `ClientRequestToken` makes a repeated submit of the same
    /// upload return the job already created. Throws ``AWSServiceError`` with MediaConvert's
    /// message (a BadRequest names the field).
    public func createJob(_ job: PlannedJob) async throws -> MediaConvertJob {
        let body = Array(job.wireBody.utf8)
        let request = AWSRequest(
            service: "mediaconvert", operation: "CreateJob", method: "POST", endpoint: endpoint, path: "/2017-08-29/jobs",
            headers: [HTTPHeader("Content-Type", "application/json")], body: .bytes(body),
            resource: "MediaConvert job for \(job.request["UserMetadata"]?["source_key"]?.stringValue ?? "?")")
        let response = try await aws.send(request)
        return try Self.decodeJob(response.body, operation: "CreateJob")
    }

    /// Reads a job's status.
    public func getJob(id: String) async throws -> MediaConvertJob {
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", "."])) ?? id
        let request = AWSRequest(
            service: "mediaconvert", operation: "GetJob", method: "GET", endpoint: endpoint, path: "/2017-08-29/jobs/\(escaped)",
            resource: "MediaConvert job \(id)")
        let response = try await aws.send(request)
        return try Self.decodeJob(response.body, operation: "GetJob")
    }

    static func decodeJob(_ body: [UInt8], operation: String) throws -> MediaConvertJob {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let jobObject = object["job"] as? [String: Any], let job = MediaConvertJob(wire: jobObject)
        else {
            throw AWSServiceError(
                code: "InvalidResponse", message: "the \(operation) answer has no job: \(String(decoding: body.prefix(300), as: UTF8.self))",
                status: 200, service: "mediaconvert", operation: operation, resource: "MediaConvert")
        }
        return job
    }
}
