import ArgumentParser
import Foundation

/// `media-worker`: turns uploads in an S3 bucket into publish-ready media.
@main
struct MediaWorkerCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "media-worker",
            abstract: "Turns video, audio and caption uploads in an S3 bucket into publish-ready media.",
            discussion: """
                AWS settings follow the AWS SDK conventions: AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, \
                AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, ...
                """,
            // The library versions need FFmpeg loaded; other commands must not pay for that
            // (FFmpeg and its dependencies add about 17 MiB to an S3 transfer's RSS).
            version: CommandLine.arguments.contains("--version") ? BuildInfo.versionText : BuildInfo.version,
            subcommands: [
                ProcessCommand.self, ProbeCommand.self, ThumbnailCommand.self,
                UploadCommand.self, DownloadCommand.self, ListCommand.self, PresignCommand.self,
                ValidateTemplatesCommand.self, PlanCommand.self, RunCommand.self, SetupCommand.self, HealthCommand.self, ShortsCommand.self, ConsoleCommand.self,
            ])
    }

    /// As ArgumentParser's, except that a command-line error (an unknown flag, a missing
    /// argument, a bad value, a missing setting) prints one line, `media-worker: <reason>`,
    /// without the usage text, and exits with status 2; failures while working exit 1
    /// (``reportingFailure(_:)``). `--help` and `--version` print as usual.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let text = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty, code == .validationFailure {
                // No arguments at all: the help is the answer.
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            } else if !text.isEmpty {
                let line = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
                FileHandle.standardError.write(Data("media-worker: \(line)\n".utf8))
            }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
