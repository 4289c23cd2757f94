import Foundation
import MediaWorkerAWS
import MediaWorkerS3
import MediaWorkerSigning

/// A server the S3 tests run against, with the keys its signature checks accept: moto,
/// LocalStack and SeaweedFS (`weed server -s3` with an identities file, SeaweedFS.swift).
enum S3Backend: String, CaseIterable, CustomTestStringConvertible {
    case moto
    case localstack
    case seaweedfs

    var testDescription: String { rawValue }

    func endpointAndCredentials() async throws -> (String, AWSCredentials) {
        switch self {
        case .moto:
            let server = try await SharedServers.shared.motoWithAuth()
            return (server.endpoint, server.credentials)
        case .localstack:
            let server = try await SharedServers.shared.localStack()
            return (server.endpoint, LocalStackServer.credentials)
        case .seaweedfs:
            let server = try await SharedServers.shared.seaweedFS()
            return (server.endpoint, SeaweedFSServer.credentials)
        }
    }

    func client(_ configure: (inout S3Client.Configuration) -> Void = { _ in }) async throws -> S3Client {
        let (endpoint, credentials) = try await endpointAndCredentials()
        var configuration = S3Client.Configuration()
        configure(&configuration)
        return S3Client(aws: try makeClient(endpoint: endpoint, credentials: credentials), configuration: configuration)
    }

    /// Keys to try. moto 5.2.1 in signature mode rejects signatures (boto3's too) for keys
    /// that need percent-escapes other than spaces, so those run on LocalStack and SeaweedFS only.
    var keys: [String] {
        switch self {
        case .moto: return ["plain.mp4", "with space/nested folder/clip one.mp4", "tilde~dash-under_score.mov"]
        case .localstack, .seaweedfs: return ["plain.mp4", "with space/nested folder/clip one.mp4", "ünïcödé/名前 (1).mp4", "a+b=c&d%e~f.mov", "deep/a/b/c/d.srt"]
        }
    }

    /// Whether the server verifies signatures of requests with escaped query values.
    var acceptsEscapedQueryValues: Bool { self != .moto }

    /// boto3 on the same server.
    func boto3(_ arguments: [String]) async throws -> ProcessResult {
        let (endpoint, credentials) = try await endpointAndCredentials()
        return try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("s3_tool.py"), endpoint, credentials.accessKeyID, credentials.secretAccessKey] + arguments)
    }
}

import Testing
