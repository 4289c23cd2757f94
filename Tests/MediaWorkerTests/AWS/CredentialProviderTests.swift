import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning
import Synchronization
import Testing
import MediaWorkerSupport

@Suite("Credentials as the AWS SDKs resolve them")
struct CredentialProviderTests {
    /// Started once, by the first test that needs it.
    static let endpoint = Task {
        try await ManagedServer.start(name: "credentials-endpoint") { port in
            ["python3", TestTools.helper("credentials_endpoint.py"), String(port), "2099-01-01T00:00:00Z", "Bearer pod-identity-token"]
        }
    }

    static func environment(_ variables: [String: String], home: URL? = nil) -> AWSEnvironment {
        AWSEnvironment(variables: variables, homeDirectory: home?.path ?? "/nonexistent-home")
    }

    @Test("environment variables: both keys, a session token; one key alone is an error that says so")
    func environmentVariables() async throws {
        let full = EnvironmentCredentialProvider(environment: Self.environment(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token"]))
        let credentials = try await full.credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))

        let half = EnvironmentCredentialProvider(environment: Self.environment(["AWS_ACCESS_KEY_ID": "AKIAENV"]))
        let error = await #expect(throws: CredentialProviderError.self) { try await half.credentials() }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("AWS_SECRET_ACCESS_KEY") == true)

        let none = EnvironmentCredentialProvider(environment: Self.environment([:]))
        let missing = await #expect(throws: CredentialProviderError.self) { try await none.credentials() }
        #expect(missing?.code == .notConfigured)
    }

    static func writeProfiles() throws -> URL {
        let home = try TestTools.temporaryDirectory("home")
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            # the editing profile
            [editor]
            aws_access_key_id=AKIAEDITOR
            aws_secret_access_key=editor-secret
            aws_session_token = editor-token
            """.write(to: aws.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try """
            [default]
            region = us-west-2

            [profile editor]
            region = eu-central-1
            s3 =
              endpoint_url = http://127.0.0.1:9000
            """.write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        return home
    }

    @Test("~/.aws/credentials and ~/.aws/config with AWS_PROFILE: keys, region and endpoint")
    func profiles() async throws {
        let home = try Self.writeProfiles()
        let http = try HTTPClient()
        for (profile, keyID, token, region) in [(nil, "AKIADEFAULT", nil, "us-west-2"), ("editor", "AKIAEDITOR", "editor-token", "eu-central-1")] as [(String?, String, String?, String)] {
            var variables: [String: String] = [:]
            if let profile { variables["AWS_PROFILE"] = profile }
            let environment = Self.environment(variables, home: home)
            let files = SharedConfigFiles(environment: environment)
            let configuration = try AWSConfiguration(environment: environment, files: files)
            #expect(configuration.region == region)
            let provider = ProfileCredentialProvider(environment: environment, files: files, configuration: configuration, http: http)
            let credentials = try await provider.credentials()
            #expect(credentials.accessKeyID == keyID)
            #expect(credentials.sessionToken == token)
        }
        let editor = Self.environment(["AWS_PROFILE": "editor"], home: home)
        #expect(try AWSConfiguration(environment: editor).endpoint(for: "s3").url == "http://127.0.0.1:9000")
        #expect(try AWSConfiguration(environment: editor).endpoint(for: "sqs").url == "https://sqs.eu-central-1.amazonaws.com")

        let unknown = Self.environment(["AWS_PROFILE": "nobody"], home: home)
        let files = SharedConfigFiles(environment: unknown)
        let provider = ProfileCredentialProvider(environment: unknown, files: files, configuration: try AWSConfiguration(environment: unknown), http: http)
        let error = await #expect(throws: CredentialProviderError.self) { try await provider.credentials() }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("nobody") == true)
    }

    @Test("container credentials: full URI with an authorization token file (EKS Pod Identity)")
    func containerCredentials() async throws {
        let server = try await Self.endpoint.value
        let tokenFile = try TestTools.temporaryDirectory().appendingPathComponent("token")
        try "Bearer pod-identity-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let http = try HTTPClient()
        let provider = ContainerCredentialProvider(
            environment: Self.environment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path]),
            http: http)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID.hasPrefix("ASIATEST"))
        #expect(credentials.sessionToken?.hasPrefix("token-") == true)
        #expect(credentials.expiration == SigV4Timestamp.parse("2099-01-01T00:00:00Z"))

        let wrongToken = ContainerCredentialProvider(
            environment: Self.environment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer wrong"]), http: http)
        let error = await #expect(throws: CredentialProviderError.self) { try await wrongToken.credentials() }
        #expect(error?.message.contains("HTTP 401") == true)

        let remote = ContainerCredentialProvider(environment: Self.environment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.9/creds"]), http: http)
        let refused = await #expect(throws: CredentialProviderError.self) { try await remote.credentials() }
        #expect(refused?.message.contains("loopback") == true)
    }

    @Test("EC2 instance metadata through IMDSv2 (session token first)")
    func instanceMetadata() async throws {
        let server = try await Self.endpoint.value
        let provider = InstanceMetadataCredentialProvider(environment: Self.environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint]), http: try HTTPClient())
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID.hasPrefix("ASIATEST"))
        #expect(credentials.expiration != nil)

        let disabled = InstanceMetadataCredentialProvider(environment: Self.environment(["AWS_EC2_METADATA_DISABLED": "true"]), http: try HTTPClient())
        let error = await #expect(throws: CredentialProviderError.self) { try await disabled.credentials() }
        #expect(error?.code == .notConfigured)
    }

    @Test("web identity (EKS IRSA) through STS AssumeRoleWithWebIdentity on moto")
    func webIdentity() async throws {
        let moto = try await ManagedServer.start(name: "moto-sts") { port in [try TestTools.motoServer(), "-H", "127.0.0.1", "-p", String(port)] }
        defer { moto.stop() }
        let tokenFile = try TestTools.temporaryDirectory().appendingPathComponent("web-identity-token")
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bWVkaWE6d29ya2VyIn0.c2ln".write(to: tokenFile, atomically: true, encoding: .utf8)
        let environment = Self.environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/media-worker",
            "AWS_ROLE_SESSION_NAME": "test-session", "AWS_ENDPOINT_URL_STS": moto.endpoint, "AWS_REGION": "us-east-1",
        ])
        let configuration = try AWSConfiguration(environment: environment)
        let provider = WebIdentityCredentialProvider(environment: environment, configuration: configuration, http: try HTTPClient())
        let credentials = try await provider.credentials()
        #expect(!credentials.accessKeyID.isEmpty)
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(credentials.expiration != nil)

        let unreadable = WebIdentityCredentialProvider(
            tokenFile: "/nonexistent/token", roleARN: "arn:aws:iam::123456789012:role/x", sessionName: nil, configuration: configuration, http: try HTTPClient())
        let error = await #expect(throws: CredentialProviderError.self) { try await unreadable.credentials() }
        #expect(error?.message.contains("/nonexistent/token") == true)
    }

    @Test("the standard chain: environment first, a broken source stops the search, nothing found lists what was tried")
    func chain() async throws {
        let home = try Self.writeProfiles()
        let http = try HTTPClient()
        func chain(_ variables: [String: String]) throws -> CredentialProviderChain {
            var variables = variables
            variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:\(ManagedServer.freePort())"
            let environment = Self.environment(variables, home: home)
            return CredentialProviderChain.standard(environment: environment, configuration: try AWSConfiguration(environment: environment), http: http)
        }
        let fromEnvironment = try chain(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"])
        #expect(try await fromEnvironment.credentials().accessKeyID == "AKIAENV")
        #expect(fromEnvironment.activeProvider == "environment")

        let fromProfile = try chain(["AWS_PROFILE": "editor"])
        #expect(try await fromProfile.credentials().accessKeyID == "AKIAEDITOR")

        let broken = try chain(["AWS_ACCESS_KEY_ID": "AKIAENV"])
        let brokenError = await #expect(throws: CredentialProviderError.self) { try await broken.credentials() }
        #expect(brokenError?.provider == "environment")

        let server = try await Self.endpoint.value
        let fromContainer = try chain(["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer pod-identity-token", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent"])
        #expect(try await fromContainer.credentials().accessKeyID.hasPrefix("ASIATEST"))

        let nothing = try chain(["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent"])
        let error = await #expect(throws: CredentialProviderError.self) { try await nothing.credentials() }
        #expect(error?.message.contains("AWS_ACCESS_KEY_ID") == true)
        #expect(error?.message.contains("instance metadata") == true)
    }

    /// A provider that counts its calls and hands out credentials valid for an hour.
    final class CountingProvider: CredentialProvider {
        let name = "counting"
        let calls = Atomic<Int>(0)
        let now: @Sendable () -> Date
        init(now: @escaping @Sendable () -> Date) { self.now = now }
        func credentials() async throws(CredentialProviderError) -> AWSCredentials {
            let call = calls.wrappingAdd(1, ordering: .relaxed).newValue
            try? await Task.sleep(for: .milliseconds(50))
            return AWSCredentials(accessKeyID: "ASIA\(call)", secretAccessKey: "s\(call)", sessionToken: "t\(call)", expiration: now().addingTimeInterval(3600))
        }
    }

    @Test("temporary credentials are cached, refreshed 5 minutes before they expire, once for concurrent callers")
    func cachingAndRefresh() async throws {
        let clock = Locked(Date(timeIntervalSince1970: 1_800_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let base = CountingProvider(now: now)
        let cache = CachingCredentialProvider(base, refreshMargin: 300, now: now)
        let first = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await cache.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(first == ["ASIA1"])
        #expect(base.calls.load(ordering: .relaxed) == 1)
        clock.withLock { $0 += 3000 }  // 50 minutes: still 10 minutes left
        #expect(try await cache.credentials().accessKeyID == "ASIA1")
        clock.withLock { $0 += 400 }  // 56m40s: inside the 5-minute margin
        #expect(try await cache.credentials().accessKeyID == "ASIA2")
        #expect(base.calls.load(ordering: .relaxed) == 2)
    }
}
