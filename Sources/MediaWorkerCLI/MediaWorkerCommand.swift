import ArgumentParser

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
                ValidateTemplatesCommand.self, PlanCommand.self, RunCommand.self, SetupCommand.self, HealthCommand.self,
            ])
    }
}
