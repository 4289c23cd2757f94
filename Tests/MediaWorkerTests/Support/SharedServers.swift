import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning

/// A moto server with signature checking on, and the key it accepts.
struct MotoAuthServer: Sendable {
    let server: ManagedServer
    let credentials: AWSCredentials
    var endpoint: String { server.endpoint }
}

/// A LocalStack gateway (S3, SQS, SNS) that checks presigned URLs.
struct LocalStackServer: Sendable {
    let server: ManagedServer
    var endpoint: String { server.endpoint }
    /// LocalStack's default test key.
    static let credentials = AWSCredentials(accessKeyID: "test", secretAccessKey: "test")
}

/// Servers shared by every test of one run: started on first use, stopped by their
/// supervisor when the test process exits.
actor SharedServers {
    static let shared = SharedServers()

    private var moto: Task<MotoAuthServer, any Error>?
    private var localstack: Task<LocalStackServer, any Error>?
    private var seaweed: Task<SeaweedFSServer, any Error>?

    func motoWithAuth() async throws -> MotoAuthServer {
        if let moto { return try await moto.value }
        let task = Task { try await blocking { try Self.startMotoWithAuth() } }
        moto = task
        return try await task.value
    }

    func localStack() async throws -> LocalStackServer {
        // Skips (or, with CI=true, fails) each calling test on its own task when LocalStack's venv is missing.
        _ = try TestTools.localstackPython()
        if let localstack { return try await localstack.value }
        let task = Task { try await blocking { try Self.startLocalStack() } }
        localstack = task
        return try await task.value
    }

    /// SeaweedFS's S3 gateway with signatures checked (SeaweedFS.swift), without notifications.
    func seaweedFS() async throws -> SeaweedFSServer {
        // Skips (or, with CI=true, fails) each calling test on its own task when `weed` is missing.
        _ = try TestTools.weed()
        if let seaweed { return try await seaweed.value }
        let task = Task { try await blocking { try SeaweedFSServer.start() } }
        seaweed = task
        return try await task.value
    }

    /// moto with INITIAL_NO_AUTH_ACTION_COUNT=3: the three IAM calls of
    /// moto_iam_setup.py create the user, its policy and its key; from then on every
    /// request must be signed with that key.
    static func startMotoWithAuth() throws -> MotoAuthServer {
        let port = ManagedServer.freePort()
        let server = try ManagedServer(
            name: "moto", command: [try TestTools.motoServer(), "-H", "127.0.0.1", "-p", String(port)],
            environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"], port: port, timeout: 600,
            ready: { ManagedServer.isListening($0) })
        let setup = try ProcessRunner.runBlocking(try TestTools.python(), [TestTools.helper("moto_iam_setup.py"), server.endpoint])
        guard setup.status == 0, let json = try JSONSerialization.jsonObject(with: Data(setup.stdout.utf8)) as? [String: String],
            let keyID = json["AccessKeyId"], let secret = json["SecretAccessKey"]
        else {
            throw ManagedServer.StartFailure(description: "moto IAM setup failed: \(setup.stderr)")
        }
        return MotoAuthServer(server: server, credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret))
    }

    /// A LocalStack gateway with `services` (the shared one has S3, SQS and SNS).
    static func startLocalStack(services: String = "s3,sqs,sns") throws -> LocalStackServer {
        let port = ManagedServer.freePort()
        let data = try TestTools.temporaryDirectory("localstack")
        let server = try ManagedServer(
            name: "localstack", command: [try TestTools.localstackPython(), "-m", "localstack.runtime.main"],
            environment: [
                "GATEWAY_LISTEN": "127.0.0.1:\(port)", "SERVICES": services, "SQS_ENDPOINT_STRATEGY": "path",
                "S3_SKIP_SIGNATURE_VALIDATION": "0", "LOCALSTACK_VOLUME_DIR": data.path, "FILESYSTEM_ROOT": data.path,
                "DISABLE_EVENTS": "1", "SKIP_SSL_CERT_DOWNLOAD": "1",
            ],
            port: port, timeout: 600,
            ready: { ManagedServer.answers("http://127.0.0.1:\($0)/_localstack/health") })
        return LocalStackServer(server: server)
    }
}

/// An AWSClient for a local endpoint with fixed credentials.
func makeClient(endpoint: String, credentials: AWSCredentials, region: String = "us-east-1", clock: @escaping @Sendable () -> Date = { Date() }) throws -> AWSClient {
    let environment = AWSEnvironment(variables: ["AWS_ENDPOINT_URL": endpoint, "AWS_REGION": region], homeDirectory: "/nonexistent")
    let configuration = try AWSConfiguration(environment: environment, files: SharedConfigFiles(environment: environment))
    return AWSClient(configuration: configuration, credentialProvider: StaticCredentialProvider(credentials), http: try HTTPClient(), clock: clock)
}
