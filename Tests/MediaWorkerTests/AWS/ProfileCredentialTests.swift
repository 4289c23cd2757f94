import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// credential_process and role_arn profiles, resolved as the AWS CLI resolves them; the
/// roles are assumed on moto's STS with signature checking on.
@Suite("Profiles: credential_process and AssumeRole chains")
struct ProfileCredentialTests {
    /// Shared files written to a fresh folder and named by AWS_CONFIG_FILE and
    /// AWS_SHARED_CREDENTIALS_FILE (HOME points nowhere).
    struct Profiles {
        let folder: URL
        let variables: [String: String]

        /// - Parameter folder: where the files go (and the helper's counters); a new one by default.
        init(folder: URL? = nil, config: String, credentials: String = "", variables: [String: String] = [:]) throws {
            let folder = try folder ?? TestTools.temporaryDirectory("profiles")
            self.folder = folder
            try config.write(to: folder.appendingPathComponent("config"), atomically: true, encoding: .utf8)
            try credentials.write(to: folder.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
            self.variables = [
                "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path,
                "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path, "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true",
            ].merging(variables) { _, new in new }
        }

        func environment(_ profile: String, _ extra: [String: String] = [:]) -> AWSEnvironment {
            AWSEnvironment(variables: variables.merging(["AWS_PROFILE": profile]) { _, new in new }.merging(extra) { _, new in new }, homeDirectory: "/nonexistent-home")
        }

        func provider(_ profile: String, _ extra: [String: String] = [:], now: @escaping @Sendable () -> Date = { Date() }) throws -> ProfileCredentialProvider {
            let environment = environment(profile, extra)
            let files = SharedConfigFiles(environment: environment)
            return ProfileCredentialProvider(
                environment: environment, files: files, configuration: try AWSConfiguration(environment: environment, files: files), http: try HTTPClient(),
                processTimeout: .seconds(600), now: now)
        }

        /// How often the credential_process helper ran with this counter file.
        func runs(_ counter: String) -> Int {
            ((try? String(contentsOf: folder.appendingPathComponent(counter), encoding: .utf8)) ?? "").split(separator: "\n").count
        }
    }

    /// `credential_process = <python> credential_process.py MODE "<folder>/COUNTER" ARGS`,
    /// with the paths quoted (the temporary folder gets a space to prove the splitting).
    static func process(_ folder: URL, _ mode: String, counter: String = "runs", _ arguments: String = "") throws -> String {
        "\"\(try TestTools.python())\" '\(TestTools.helper("credential_process.py"))' \(mode) \"\(folder.appendingPathComponent(counter).path)\" \(arguments)"
    }

    static func failure(_ body: () async throws -> Void) async -> CredentialProviderError? {
        do {
            try await body()
            return nil
        } catch let error as CredentialProviderError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    // MARK: Command lines

    @Test("credential_process command lines split as Python's shlex.split does")
    func shellWords() async throws {
        let lines = [
            "/usr/bin/helper --profile prod", "  spaced\tout\n words  ", "'single quoted' \"double quoted\"", "a\"b c\"d 'e'f",
            #"back\ slash \"q\" \\ \x"#, #""in \"dq\" \\ \x \$HOME `x`""#, "'it''s'", "a '' b \"\"", "# not a comment ; nor; this", "'$HOME' ~/x",
            "mixed'\"'\"'\"", "", "   ", "unicode 'é ü' ✓",
        ]
        let script = "import json,shlex,sys; print(json.dumps([shlex.split(s) for s in json.load(sys.stdin)]))"
        let result = try await ProcessRunner.run(try TestTools.python(), ["-c", script], input: try JSONSerialization.data(withJSONObject: lines))
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
        for (line, words) in zip(lines, expected) {
            #expect(try ShellWords.split(line) == words, "\(line)")
        }
        for broken in ["'open", "\"open", "trailing\\"] {
            #expect(throws: ShellWords.SyntaxError.self) { try ShellWords.split(broken) }
        }
    }

    // MARK: credential_process

    @Test("credential_process: Version 1 output, arguments passed without a shell, static keys win, [profile NAME] vs [NAME]")
    func credentialProcessSuccess() async throws {
        let folder = try TestTools.temporaryDirectory("process dir")
        let profiles = try Profiles(
            folder: folder,
            config: """
                [profile tool]
                credential_process = \(try Self.process(folder, "ok"))

                [profile args]
                credential_process = \(try Self.process(folder, "args", counter: "args-runs", #"'two words' "it's" a\ b $HOME ; #x"#))

                [profile keys-first]
                aws_access_key_id = AKIASTATIC
                aws_secret_access_key = static-secret
                credential_process = \(try Self.process(folder, "ok", counter: "never"))

                [unprefixed]
                credential_process = \(try Self.process(folder, "ok", counter: "never"))
                """,
            credentials: """
                [creds-file-tool]
                credential_process = \(try Self.process(folder, "static", counter: "creds-file", "AKIACREDFILE creds-file-secret"))
                """)
        let tool = try profiles.provider("tool")
        let credentials = try await tool.credentials()
        #expect(credentials.accessKeyID == "AKIAPROC1")
        #expect(credentials.secretAccessKey == "proc-secret-1")
        #expect(credentials.sessionToken == "proc-token-1")
        #expect(credentials.expiration == nil)

        let args = try await profiles.provider("args").credentials()
        #expect(try JSONDecoder().decode([String].self, from: Data((args.sessionToken ?? "").utf8)) == ["two words", "it's", "a b", "$HOME", ";", "#x"])

        #expect(try await profiles.provider("keys-first").credentials().accessKeyID == "AKIASTATIC")
        let fromCredentialsFile = try await profiles.provider("creds-file-tool").credentials()
        #expect(fromCredentialsFile.accessKeyID == "AKIACREDFILE")
        #expect(fromCredentialsFile.sessionToken == nil)

        // In the config file a section without "profile " is not a profile.
        let unprefixed = await Self.failure { _ = try await profiles.provider("unprefixed").credentials() }
        #expect(unprefixed?.code == .failed)
        #expect(unprefixed?.message.contains("[profile NAME]") == true)
        #expect(profiles.runs("never") == 0)
    }

    @Test("credential_process: Expiration is honoured, refreshed 5 minutes early, none means never; all by an injected clock")
    func credentialProcessExpiry() async throws {
        let folder = try TestTools.temporaryDirectory("process-expiry")
        let profiles = try Profiles(folder: folder, config: """
            [profile expiring]
            credential_process = \(try Self.process(folder, "ok", counter: "expiring", "2030-01-01T00:00:00Z"))
            [profile offset]
            credential_process = \(try Self.process(folder, "ok", counter: "offset", "2030-01-01T02:00:00.250+02:00"))
            [profile forever]
            credential_process = \(try Self.process(folder, "ok", counter: "forever"))
            """)
        let start = ISO8601Time.parse("2029-12-31T23:00:00Z")!
        let clock = Locked(start)
        let now: @Sendable () -> Date = { clock.withLock { $0 } }

        let expiring = try profiles.provider("expiring", now: now)
        let first = try await expiring.credentials()
        #expect(first.accessKeyID == "AKIAPROC1")
        #expect(first.expiration == ISO8601Time.parse("2030-01-01T00:00:00Z"))
        clock.withLock { $0 = start.addingTimeInterval(50 * 60) }  // 10 minutes left: cached
        #expect(try await expiring.credentials().accessKeyID == "AKIAPROC1")
        #expect(profiles.runs("expiring") == 1)
        clock.withLock { $0 = start.addingTimeInterval(56 * 60) }  // 4 minutes left: run again
        #expect(try await expiring.credentials().accessKeyID == "AKIAPROC2")
        #expect(profiles.runs("expiring") == 2)

        let offset = try await profiles.provider("offset", now: now).credentials()
        #expect(offset.expiration == ISO8601Time.parse("2030-01-01T00:00:00.25Z"))

        let forever = try profiles.provider("forever", now: now)
        #expect(try await forever.credentials().accessKeyID == "AKIAPROC1")
        clock.withLock { $0 = start.addingTimeInterval(10 * 365 * 86400) }
        #expect(try await forever.credentials().accessKeyID == "AKIAPROC1")
        #expect(profiles.runs("forever") == 1)
    }

    @Test("credential_process failures name the profile, show stderr, never stdout's secrets")
    func credentialProcessFailure() async throws {
        let folder = try TestTools.temporaryDirectory("process-fail")
        let profiles = try Profiles(folder: folder, config: """
            [profile fail]
            credential_process = \(try Self.process(folder, "fail"))
            [profile badjson]
            credential_process = \(try Self.process(folder, "badjson"))
            [profile version2]
            credential_process = \(try Self.process(folder, "version2"))
            [profile nosecret]
            credential_process = \(try Self.process(folder, "nosecret"))
            [profile missing]
            credential_process = /nonexistent/get-credentials --token s3cr3t-argument
            [profile unbalanced]
            credential_process = helper 'open
            """)
        let failed = await Self.failure { _ = try await profiles.provider("fail").credentials() }
        #expect(failed?.code == .failed)
        #expect(failed?.message.contains("profile \"fail\"") == true)
        #expect(failed?.message.contains("status 3") == true)
        #expect(failed?.message.contains("the vault is sealed, run vault unseal") == true)
        #expect(failed?.description.contains("stdout-secret-must-not-leak") == false)
        #expect(failed?.description.contains("AKIALEAK") == false)

        let bad = await Self.failure { _ = try await profiles.provider("badjson").credentials() }
        #expect(bad?.message.contains("not a JSON object") == true)
        #expect(bad?.message.contains("profile \"badjson\"") == true)
        #expect(bad?.message.contains("its stderr: helper: the token cache is stale") == true)
        #expect(bad?.description.contains("half-secret-must-not-leak") == false)

        let version = await Self.failure { _ = try await profiles.provider("version2").credentials() }
        #expect(version?.message.contains("\"Version\": 2") == true)
        #expect(version?.message.contains("only Version 1") == true)

        let noSecret = await Self.failure { _ = try await profiles.provider("nosecret").credentials() }
        #expect(noSecret?.message.contains("\"SecretAccessKey\"") == true)

        let missing = await Self.failure { _ = try await profiles.provider("missing").credentials() }
        #expect(missing?.message.contains("/nonexistent/get-credentials") == true)
        #expect(missing?.message.contains("profile \"missing\"") == true)
        #expect(missing?.description.contains("s3cr3t-argument") == false)

        let unbalanced = await Self.failure { _ = try await profiles.provider("unbalanced").credentials() }
        #expect(unbalanced?.message.contains("no closing quotation") == true)

        // The output's members are checked for their types, and Expiration for its form.
        let output = Array(#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "not a time"}"#.utf8)
        let expiration = await Self.failure { _ = try ProcessCredentialProvider.decode(output, provider: "p", what: "the output") }
        #expect(expiration?.message.contains("ISO 8601") == true)
        let typed = await Self.failure {
            _ = try ProcessCredentialProvider.decode(Array(#"{"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "S"}"#.utf8), provider: "p", what: "the output")
        }
        #expect(typed?.message.contains("\"Version\": \"1\"") == true)
    }

    @Test("credential_process that never finishes is killed after the timeout")
    func credentialProcessTimeout() async throws {
        let folder = try TestTools.temporaryDirectory("process-sleep")
        let provider = ProcessCredentialProvider(command: try Self.process(folder, "sleep"), profile: "sleepy", environment: [:], timeout: .milliseconds(300))
        let error = await Self.failure { _ = try await provider.credentials() }
        #expect(error?.message.contains("did not finish") == true)
    }

    // MARK: Configuration errors

    @Test("role profiles: mfa_serial refused, cycles, missing sources, bad credential_source and duration say what to fix")
    func roleConfigurationErrors() async throws {
        let profiles = try Profiles(
            config: """
                [profile mfa]
                role_arn = arn:aws:iam::123456789012:role/needs-mfa
                source_profile = base
                mfa_serial = arn:aws:iam::123456789012:mfa/operator
                [profile loop-a]
                role_arn = arn:aws:iam::123456789012:role/a
                source_profile = loop-b
                [profile loop-b]
                role_arn = arn:aws:iam::123456789012:role/b
                source_profile = loop-a
                [profile self-without-keys]
                role_arn = arn:aws:iam::123456789012:role/s
                source_profile = self-without-keys
                [profile both]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = base
                credential_source = Environment
                [profile neither]
                role_arn = arn:aws:iam::123456789012:role/x
                [profile bad-source]
                role_arn = arn:aws:iam::123456789012:role/x
                credential_source = Ec2Metadata
                [profile no-such-source]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = nobody
                [profile empty-source]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = empty
                [profile empty]
                region = us-east-1
                [profile short]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = base
                duration_seconds = 60
                [profile env-source]
                role_arn = arn:aws:iam::123456789012:role/x
                credential_source = environment
                [profile bad-sts]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = base
                sts_regional_endpoints = sometimes
                """,
            credentials: """
                [base]
                aws_access_key_id = AKIABASE
                aws_secret_access_key = base-secret
                """)
        func message(_ profile: String, _ extra: [String: String] = [:]) async throws -> String {
            let provider = try profiles.provider(profile, extra)
            let error = await Self.failure { _ = try await provider.credentials() }
            #expect(error?.code == .failed, "\(profile)")
            return error?.message ?? ""
        }
        let mfa = try await message("mfa")
        #expect(mfa.contains("mfa_serial") && mfa.contains("no terminal") && mfa.contains("profile \"mfa\""))
        let loop = try await message("loop-a")
        #expect(loop.contains("cycle") && loop.contains("loop-a → loop-b → loop-a"))
        #expect(try await message("self-without-keys").contains("cycle"))
        #expect(try await message("both").contains("both source_profile and credential_source"))
        #expect(try await message("neither").contains("neither source_profile nor credential_source"))
        let badSource = try await message("bad-source")
        #expect(badSource.contains("Ec2Metadata") && badSource.contains("Environment, Ec2InstanceMetadata or EcsContainer"))
        #expect(try await message("no-such-source").contains("\"nobody\""))
        #expect(try await message("empty-source").contains("has no credentials"))
        #expect(try await message("short").contains("900 to 43200"))
        // credential_source matched without regard to case; without variables it fails, naming the source.
        let environment = try await message("env-source")
        #expect(environment.contains("environment") && environment.contains("AWS_ACCESS_KEY_ID"))
        #expect(try await message("bad-sts").contains("regional or legacy"))
    }

    @Test("STS endpoint: regional by default, legacy → global in the legacy regions, configured endpoints win")
    func stsEndpoints() throws {
        func resolve(_ variables: [String: String], profile: [String: String]? = nil) throws -> (String, String) {
            let environment = AWSEnvironment(variables: variables, homeDirectory: "/nonexistent-home")
            let configuration = try AWSConfiguration(environment: environment, files: SharedConfigFiles(environment: environment))
            let target = try STSClient.endpoint(configuration: configuration, environment: environment, profile: profile)
            return (target.endpoint.url, target.signingRegion)
        }
        #expect(try resolve(["AWS_REGION": "eu-west-1"]) == ("https://sts.eu-west-1.amazonaws.com", "eu-west-1"))
        #expect(try resolve(["AWS_REGION": "eu-west-1", "AWS_STS_REGIONAL_ENDPOINTS": "legacy"]) == ("https://sts.amazonaws.com", "us-east-1"))
        #expect(try resolve(["AWS_REGION": "eu-west-1"], profile: ["sts_regional_endpoints": "legacy"]) == ("https://sts.amazonaws.com", "us-east-1"))
        #expect(try resolve(["AWS_REGION": "ap-east-1", "AWS_STS_REGIONAL_ENDPOINTS": "legacy"]) == ("https://sts.ap-east-1.amazonaws.com", "ap-east-1"))
        #expect(
            try resolve(["AWS_REGION": "eu-west-1", "AWS_STS_REGIONAL_ENDPOINTS": "legacy", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"])
                == ("http://127.0.0.1:5000", "eu-west-1"))
        #expect(throws: CredentialProviderError.self) { try resolve(["AWS_STS_REGIONAL_ENDPOINTS": "global"]) }
    }

    // MARK: AssumeRole on moto

    struct Roles: Decodable {
        var account: String
        var user: String
        var hop1: String
        var hop2: String
        var open: String
    }

    static func roles(_ moto: MotoAuthServer) async throws -> (Roles, String) {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let result = try await ProcessRunner.run(
            try TestTools.python(), [TestTools.helper("moto_roles_setup.py"), moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, suffix])
        guard result.status == 0 else { throw TestTools.Missing(description: "moto_roles_setup.py failed: \(result.stderr)") }
        return (try JSONDecoder().decode(Roles.self, from: Data(result.stdout.utf8)), suffix)
    }

    /// Who moto says the credentials belong to (GetCallerIdentity signed with them).
    static func identity(_ credentials: AWSCredentials, moto: MotoAuthServer) async throws -> STSClient.CallerIdentity {
        try await STSClient(aws: try makeClient(endpoint: moto.endpoint, credentials: credentials)).getCallerIdentity()
    }

    static func roleProfiles(_ roles: Roles, _ suffix: String, moto: MotoAuthServer) throws -> Profiles {
        let folder = try TestTools.temporaryDirectory("role-profiles")
        let keysProcess = try Self.process(folder, "static", "\(moto.credentials.accessKeyID) \(moto.credentials.secretAccessKey)")
        return try Profiles(
            folder: folder,
            config: """
                [profile hop1]
                role_arn = \(roles.hop1)
                source_profile = base
                external_id = ext-\(suffix)
                role_session_name = hop1-session
                duration_seconds = 900

                [profile hop2]
                role_arn = \(roles.hop2)
                source_profile = hop1
                role_session_name = hop2-session

                [profile wrong-external-id]
                role_arn = \(roles.hop1)
                source_profile = base
                external_id = not-the-one
                role_session_name = hop1-session

                [profile hop2-from-other-session]
                role_arn = \(roles.hop2)
                source_profile = other-session

                [profile other-session]
                role_arn = \(roles.hop1)
                source_profile = base
                external_id = ext-\(suffix)
                role_session_name = another-session

                [profile default-name]
                role_arn = \(roles.open)
                source_profile = base

                [profile from-environment]
                role_arn = \(roles.open)
                credential_source = Environment
                role_session_name = env-session

                [profile self-sourced]
                role_arn = \(roles.open)
                source_profile = self-sourced
                role_session_name = self-session

                [profile process-sourced]
                role_arn = \(roles.open)
                source_profile = process-keys
                role_session_name = process-session

                [profile process-keys]
                credential_process = \(keysProcess)
                """,
            credentials: """
                [base]
                aws_access_key_id = \(moto.credentials.accessKeyID)
                aws_secret_access_key = \(moto.credentials.secretAccessKey)

                [self-sourced]
                aws_access_key_id = \(moto.credentials.accessKeyID)
                aws_secret_access_key = \(moto.credentials.secretAccessKey)
                """,
            variables: ["AWS_ENDPOINT_URL_STS": moto.endpoint])
    }

    @Test("AssumeRole chain of two hops on moto: hop 2 is signed with hop 1's keys, ExternalId and session names are sent")
    func assumeRoleChain() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let (roles, suffix) = try await Self.roles(moto)
        let profiles = try Self.roleProfiles(roles, suffix, moto: moto)

        // hop2 trusts only the session hop1-session of hop1, which trusts only the base
        // user with ExternalId ext-SUFFIX: moto accepting both proves the chain.
        let chained = try await profiles.provider("hop2").credentials()
        #expect(chained.accessKeyID != moto.credentials.accessKeyID)
        #expect(chained.sessionToken?.isEmpty == false)
        #expect(try await Self.identity(chained, moto: moto).arn == "arn:aws:sts::\(roles.account):assumed-role/mw-hop2-\(suffix)/hop2-session")

        // The standard chain picks the profile up from AWS_PROFILE, as the worker does.
        let environment = profiles.environment("hop2")
        let chain = CredentialProviderChain.standard(environment: environment, configuration: try AWSConfiguration(environment: environment), http: try HTTPClient())
        #expect(try await Self.identity(try await chain.credentials(), moto: moto).arn.hasSuffix("assumed-role/mw-hop2-\(suffix)/hop2-session"))
        // And so does every client the commands make.
        let client = try AWSClient.fromEnvironment(environment)
        #expect(try await STSClient(aws: client).getCallerIdentity().arn.hasSuffix("assumed-role/mw-hop2-\(suffix)/hop2-session"))

        // duration_seconds = 900: STS's expiration lies 900 s after the call.
        let before = Date()
        let hop1 = try await profiles.provider("hop1").credentials()
        let after = Date()
        let expiration = try #require(hop1.expiration)
        #expect(expiration >= before.addingTimeInterval(899) && expiration <= after.addingTimeInterval(901))
        #expect(try await Self.identity(hop1, moto: moto).arn.hasSuffix("assumed-role/mw-hop1-\(suffix)/hop1-session"))

        // A wrong ExternalId, and a first hop under another session name, are refused by the trust policies.
        let wrongID = await Self.failure { _ = try await profiles.provider("wrong-external-id").credentials() }
        #expect(wrongID?.code == .failed)
        #expect(wrongID?.message.contains("AccessDenied") == true)
        #expect(wrongID?.message.contains("profile \"wrong-external-id\"") == true)
        #expect(wrongID?.message.contains("external_id") == true)
        let otherSession = await Self.failure { _ = try await profiles.provider("hop2-from-other-session").credentials() }
        #expect(otherSession?.message.contains("AccessDenied") == true)
        #expect(otherSession?.message.contains(roles.hop2) == true)
        #expect(otherSession?.description.contains(moto.credentials.secretAccessKey) == false)
    }

    @Test("AssumeRole: default session name botocore-session-<time>, credential_source = Environment, a profile sourcing its own keys, a credential_process source")
    func assumeRoleSources() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let (roles, suffix) = try await Self.roles(moto)
        let profiles = try Self.roleProfiles(roles, suffix, moto: moto)
        let fixed = Date(timeIntervalSince1970: 1_900_000_000)

        let named = try await profiles.provider("default-name", now: { fixed }).credentials()
        #expect(try await Self.identity(named, moto: moto).arn.hasSuffix("assumed-role/mw-open-\(suffix)/botocore-session-1900000000"))

        let keys = ["AWS_ACCESS_KEY_ID": moto.credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.credentials.secretAccessKey]
        let fromEnvironment = try await profiles.provider("from-environment", keys).credentials()
        #expect(try await Self.identity(fromEnvironment, moto: moto).arn.hasSuffix("assumed-role/mw-open-\(suffix)/env-session"))

        let selfSourced = try await profiles.provider("self-sourced").credentials()
        #expect(try await Self.identity(selfSourced, moto: moto).arn.hasSuffix("assumed-role/mw-open-\(suffix)/self-session"))

        let processSourced = try await profiles.provider("process-sourced").credentials()
        #expect(try await Self.identity(processSourced, moto: moto).arn.hasSuffix("assumed-role/mw-open-\(suffix)/process-session"))
        #expect(profiles.runs("runs") == 1)
    }

    @Test("credential_source = EcsContainer and Ec2InstanceMetadata: the source keys come from the container endpoint and IMDSv2")
    func assumeRoleMetadataSources() async throws {
        // A moto without signature checking (the endpoint's keys are unknown to it) and the
        // local container/IMDSv2 stand-in, which counts the credentials it hands out.
        let motoPort = ManagedServer.freePort()
        let moto = try await blocking {
            try ManagedServer(
                name: "moto-sts-sources", command: [try TestTools.motoServer(), "-H", "127.0.0.1", "-p", String(motoPort)], port: motoPort, timeout: 600,
                ready: { ManagedServer.isListening($0) })
        }
        defer { moto.stop() }
        let endpointPort = ManagedServer.freePort()
        let endpoint = try await blocking {
            try ManagedServer(
                name: "credentials-endpoint-sources",
                command: [try TestTools.python(), TestTools.helper("credentials_endpoint.py"), String(endpointPort), "2099-01-01T00:00:00Z", "Bearer source-token"],
                port: endpointPort, timeout: 600, ready: { ManagedServer.isListening($0) })
        }
        defer { endpoint.stop() }
        let profiles = try Profiles(
            config: """
                [profile ecs]
                role_arn = arn:aws:iam::123456789012:role/from-ecs
                credential_source = EcsContainer
                role_session_name = ecs-session
                [profile ec2]
                role_arn = arn:aws:iam::123456789012:role/from-ec2
                credential_source = Ec2InstanceMetadata
                role_session_name = ec2-session
                """,
            variables: [
                "AWS_ENDPOINT_URL_STS": moto.endpoint, "AWS_CONTAINER_CREDENTIALS_FULL_URI": endpoint.endpoint + "/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer source-token", "AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint.endpoint,
                "AWS_EC2_METADATA_DISABLED": "false",
            ])
        func served() async throws -> String {
            try await ProcessRunner.run("/usr/bin/curl", ["-s", endpoint.endpoint + "/count"]).stdout
        }
        let motoServer = MotoAuthServer(server: moto, credentials: AWSCredentials(accessKeyID: "unused", secretAccessKey: "unused"))
        let ecs = try await profiles.provider("ecs").credentials()
        #expect(try await served() == "1")
        #expect(try await Self.identity(ecs, moto: motoServer).arn.hasSuffix("assumed-role/from-ecs/ecs-session"))
        let ec2 = try await profiles.provider("ec2").credentials()
        #expect(try await served() == "2")
        #expect(try await Self.identity(ec2, moto: motoServer).arn.hasSuffix("assumed-role/from-ec2/ec2-session"))
    }

    @Test("assumed credentials are cached and the chain assumed again 5 minutes before they expire (injected clock)")
    func assumeRoleRefresh() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let (roles, suffix) = try await Self.roles(moto)
        let profiles = try Self.roleProfiles(roles, suffix, moto: moto)
        // hop1 lasts 900 s from moto's clock; ours starts now and only moves when told.
        let clock = Locked(Date())
        let provider = try profiles.provider("hop2", now: { clock.withLock { $0 } })
        let first = try await provider.credentials()
        #expect(try await provider.credentials().accessKeyID == first.accessKeyID)
        let expiration = try #require(first.expiration)
        clock.withLock { $0 = expiration.addingTimeInterval(-301) }
        #expect(try await provider.credentials().accessKeyID == first.accessKeyID)
        clock.withLock { $0 = expiration.addingTimeInterval(-200) }
        let refreshed = try await provider.credentials()
        #expect(refreshed.accessKeyID != first.accessKeyID)
        #expect(try await Self.identity(refreshed, moto: moto).arn.hasSuffix("assumed-role/mw-hop2-\(suffix)/hop2-session"))
    }
}
