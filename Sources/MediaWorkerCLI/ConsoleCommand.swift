import ArgumentParser
import Foundation
import Logging
import MediaWorkerConsole
import MediaWorkerSupport
import ServiceLifecycle

/// `media-worker console`: the operator console in the browser (docs/console.md).
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serve the operator console: jobs, uploads, review, dead letters and templates in the browser.",
        discussion: """
            Configured by environment variables (flags override them): CONSOLE_LISTEN (default 127.0.0.1:8090), \
            CONSOLE_USERS_FILE (lines name:role:bcrypt-hash, roles viewer, reviewer, operator) or CONSOLE_USERS, or \
            CONSOLE_TRUSTED_HEADER (and CONSOLE_TRUSTED_ROLE_HEADER, CONSOLE_TRUSTED_DEFAULT_ROLE) behind an authenticating \
            proxy, CONSOLE_INSECURE_COOKIE=true (plain HTTP on loopback only), CONSOLE_SESSION_HOURS, CONSOLE_PRESIGN_SECONDS, \
            DESTINATION_BUCKET, WATCH_BUCKET, WATCH_PREFIX, QUEUE_URL, and the AWS SDK variables. \
            `media-worker console --hash-password` reads a password on standard input and prints its bcrypt hash.
            """)

    @Option(help: "HOST:PORT to serve on (CONSOLE_LISTEN).")
    var listen: String?

    @Option(help: "The accounts file (CONSOLE_USERS_FILE).")
    var usersFile: String?

    @OptionGroup var buckets: BucketOptions

    @Flag(help: "Read a password on standard input, print its bcrypt hash for the accounts file, and exit.")
    var hashPassword = false

    func run() async throws {
        if hashPassword {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--hash-password reads the password on standard input")
            }
            print(UserDirectory.hash(line))
            return
        }
        let flags = buckets.flags.merging(["CONSOLE_LISTEN": listen, "CONSOLE_USERS_FILE": usersFile]) { $1 }
        let variables = ConfigReader.command(flags).layered
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "media-worker-console")
        try await reportingFailure {
            let configuration = try ConsoleConfiguration.fromEnvironment(variables)
            let server = ConsoleServer(configuration: configuration, variables: variables, logger: logger)
            let group = ServiceGroup(
                configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}
