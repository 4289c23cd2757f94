import Foundation
import MediaWorkerAWS
import MediaWorkerS3
import MediaWorkerService
import Testing

/// The conditional writes the listing cursor relies on, on each store the tests run:
/// `If-None-Match: *` creates only once, `If-Match` writes only over the ETag it names, and
/// the store's refusal is what the cursor's writer takes for "another watcher wrote first".
@Suite("Conditional writes of the listing cursor")
struct ListingConditionalWriteTests {
    enum Store: String, CaseIterable, Sendable { case moto, localstack, seaweedfs }

    static func client(_ store: Store) async throws -> S3Client {
        switch store {
        case .moto:
            let moto = try await SharedServers.shared.motoWithAuth()
            return S3Client(aws: try makeClient(endpoint: moto.endpoint, credentials: moto.credentials))
        case .localstack:
            return S3Client(aws: try makeClient(endpoint: try await SharedServers.shared.localStack().endpoint, credentials: LocalStackServer.credentials))
        case .seaweedfs:
            return S3Client(aws: try makeClient(endpoint: try await SharedServers.shared.seaweedFS().endpoint, credentials: SeaweedFSServer.credentials))
        }
    }

    @Test("If-None-Match: * creates once, If-Match writes only over its ETag; losers get 412 (ListingWriteConflict)", arguments: Store.allCases)
    func conditions(store: Store) async throws {
        let s3 = try await Self.client(store)
        let bucket = "cond-\(UUID().uuidString.prefix(8).lowercased())"
        try await s3.createBucket(bucket)
        let location = S3Location(bucket: bucket, key: ListingCursorStore.key(bucket: "watch", prefix: "inputs/"))
        #expect(try await s3.readState(location) == nil)
        let first = try #require(try await s3.writeState(location, bytes: Array("{\"v\":1}".utf8), ifMatch: nil))
        await #expect(throws: ListingWriteConflict.self) { _ = try await s3.writeState(location, bytes: Array("{\"v\":2}".utf8), ifMatch: nil) }
        let read = try #require(try await s3.readState(location))
        #expect(read.etag == first && read.bytes == Array("{\"v\":1}".utf8))
        let second = try #require(try await s3.writeState(location, bytes: Array("{\"v\":3}".utf8), ifMatch: first))
        #expect(second != first)
        await #expect(throws: ListingWriteConflict.self) { _ = try await s3.writeState(location, bytes: Array("{\"v\":4}".utf8), ifMatch: first) }
        let (bytes, info) = try await s3.getObjectWithInfo(location)
        #expect(bytes == Array("{\"v\":3}".utf8) && info.etag == second)
        // The raw error, for callers of S3Client itself.
        do {
            try await s3.putObject(location, bytes: [1], ifMatch: nil, ifNoneMatch: "*")
            Issue.record("\(store): a second create went through")
        } catch {
            #expect(S3Client.isConditionFailure(error), "\(error)")
        }
        try await s3.removeObject(location)
        #expect(try await s3.readState(location) == nil)
    }
}
