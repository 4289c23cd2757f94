import Foundation
import MediaWorkerAWS
import MediaWorkerSigning
import MediaWorkerXML

extension S3Client {
    /// One page of ListObjectsV2.
    public func listObjects(bucket: String, prefix: String = "", delimiter: String? = nil, maxKeys: Int = 1000, continuationToken: String? = nil) async throws -> S3ListPage {
        var query = [QueryItem("list-type", "2"), QueryItem("max-keys", String(maxKeys))]
        if !prefix.isEmpty { query.append(QueryItem("prefix", prefix)) }
        if let delimiter { query.append(QueryItem("delimiter", delimiter)) }
        if let continuationToken { query.append(QueryItem("continuation-token", continuationToken)) }
        let response = try await aws.send(request("ListObjectsV2", "GET", S3Location(bucket: bucket, key: ""), query: query))
        return try S3ListPage.parse(response.body, location: "s3://\(bucket)/\(prefix)")
    }

    /// Every object under a prefix, following continuation tokens.
    public func listAllObjects(bucket: String, prefix: String = "", pageSize: Int = 1000) async throws -> [S3ObjectSummary] {
        var all: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjects(bucket: bucket, prefix: prefix, maxKeys: pageSize, continuationToken: token)
            all += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return all
    }
}
