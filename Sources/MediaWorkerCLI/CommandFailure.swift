import ArgumentParser
import Foundation

/// Runs a command body; on failure prints one line saying what failed to standard error
/// and exits with status 1 (no stack of wrapped errors, no secrets). A `ValidationError`
/// (a command-line error) goes on to `MediaWorkerCommand.main`, which prints it as one line
/// and exits with status 2.
func reportingFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        let line = "media-worker: \(error)\n"
        FileHandle.standardError.write(Data(line.utf8))
        throw ExitCode(1)
    }
}
