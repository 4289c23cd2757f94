import MediaWorkerAWS
import MediaWorkerSigning
import MediaWorkerXML

extension S3Client {
    /// CreateBucket, with a location constraint outside us-east-1. A bucket this account
    /// already owns counts as created, so setup can run again.
    public func createBucket(_ bucket: String, region: String? = nil) async throws {
        let region = region ?? aws.configuration.region
        var body: [UInt8] = []
        if region != "us-east-1" {
            var writer = XMLWriter()
            writer.start("CreateBucketConfiguration", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
            writer.element("LocationConstraint", region)
            writer.end()
            body = Array(writer.document.utf8)
        }
        do {
            _ = try await aws.send(request("CreateBucket", "PUT", S3Location(bucket: bucket, key: ""), body: body.isEmpty ? .empty : .bytes(body)))
        } catch let error as AWSServiceError where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// PutBucketNotificationConfiguration (replaces the whole configuration).
    public func putBucketNotificationConfiguration(_ bucket: String, _ configuration: S3NotificationConfiguration) async throws {
        _ = try await aws.send(request(
            "PutBucketNotificationConfiguration", "PUT", S3Location(bucket: bucket, key: ""), query: [QueryItem("notification")],
            headers: [("Content-Type", "application/xml")], body: .bytes(Array(configuration.xml.utf8))))
    }

    /// GetBucketNotificationConfiguration.
    public func getBucketNotificationConfiguration(_ bucket: String) async throws -> S3NotificationConfiguration {
        let response = try await aws.send(request("GetBucketNotificationConfiguration", "GET", S3Location(bucket: bucket, key: ""), query: [QueryItem("notification")]))
        return try S3NotificationConfiguration.parse(response.body)
    }
}
