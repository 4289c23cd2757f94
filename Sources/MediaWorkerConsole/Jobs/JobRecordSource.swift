import Foundation
public import MediaWorkerPipeline
public import MediaWorkerS3
import MediaWorkerAWS

/// Where the index reads from: the job records (json/ in the delivery bucket) and the
/// uploads (the watch prefix), each listed with its ETag so only changed records are read.
public protocol JobRecordSource: Sendable {
    func listRecords() async throws -> [S3ObjectSummary]
    func listUploads() async throws -> [S3ObjectSummary]
    func readRecord(_ key: String) async throws -> DeliveryReport?
}

/// The job records and uploads in S3.
public struct S3JobRecordSource: JobRecordSource {
    public let client: S3Client
    public let deliveryBucket: String
    public let watchBucket: String
    public let watchPrefix: String

    public init(client: S3Client, deliveryBucket: String, watchBucket: String, watchPrefix: String) {
        self.client = client
        self.deliveryBucket = deliveryBucket
        self.watchBucket = watchBucket
        self.watchPrefix = watchPrefix
    }

    public func listRecords() async throws -> [S3ObjectSummary] {
        try await client.listAllObjects(bucket: deliveryBucket, prefix: "json/")
    }

    public func listUploads() async throws -> [S3ObjectSummary] {
        try await client.listAllObjects(bucket: watchBucket, prefix: watchPrefix)
    }

    public func readRecord(_ key: String) async throws -> DeliveryReport? {
        do {
            let bytes = try await client.getObjectBytes(S3Location(bucket: deliveryBucket, key: key), maxBytes: S3JobRecordStore.maxBytes)
            return try? DeliveryReport.decode(Data(bytes))
        } catch let error as AWSServiceError where error.status == 404 {
            return nil
        }
    }
}
