import Foundation
import MediaWorkerSupport
import Testing

/// Where the test tools live. `make test` sets MEDIA_WORKER_VENV and
/// MEDIA_WORKER_LOCALSTACK_VENV; run alone, the repository's .venv folders are used.
enum TestTools {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static var venv: URL {
        if let path = ProcessInfo.processInfo.environment["MEDIA_WORKER_VENV"] { return URL(fileURLWithPath: path) }
        return Fixtures.repositoryRoot.appendingPathComponent(".venv")
    }

    static var localstackVenv: URL {
        if let path = ProcessInfo.processInfo.environment["MEDIA_WORKER_LOCALSTACK_VENV"] { return URL(fileURLWithPath: path) }
        return Fixtures.repositoryRoot.appendingPathComponent(".venv-localstack")
    }

    static func executable(_ url: URL) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(url.path) is missing: run `make deps` (or `make test`) first")
        }
        return url.path
    }

    static func python() throws -> String { try executable(venv.appendingPathComponent("bin/python")) }
    static func motoServer() throws -> String { try executable(venv.appendingPathComponent("bin/moto_server")) }
    /// LocalStack's Python. Without it a LocalStack test is skipped (cancelled, with the
    /// reason `make deps` left in .venv-localstack.unavailable, printed once per run), except
    /// with CI=true, where it fails.
    static func localstackPython() throws -> String {
        let python = localstackVenv.appendingPathComponent("bin/python")
        if FileManager.default.isExecutableFile(atPath: python.path) { return python.path }
        let reason = localstackUnavailableReason
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw Missing(description: "LocalStack is required with CI=true: \(reason)")
        }
        // Off the test's task (a `blocking` thread) there is no test to cancel: `blocking`
        // catches this and skips on the task.
        guard Test.current != nil else { throw LocalStackUnavailable(reason: reason) }
        try skipLocalStack(reason)
    }

    struct LocalStackUnavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String { "LocalStack skipped: \(reason)" }
    }

    /// Skips the current test (or, in a parameterized test, only the current case, so that
    /// the moto cases still run) because LocalStack cannot be had.
    static func skipLocalStack(_ reason: String) throws -> Never {
        LocalStackSkipNotice.printOnce(reason)
        if let test = Test.current, test.isParameterized {
            // Test.cancel would cancel every case of the test: cancel this case's task
            // instead; a CancellationError from a cancelled case is recorded as its cancellation.
            withUnsafeCurrentTask { $0?.cancel() }
            throw CancellationError()
        }
        try Test.cancel("LocalStack skipped: \(reason)")
    }

    /// Why LocalStack's venv is missing: what scripts/localstack-venv.sh recorded, else a hint.
    static var localstackUnavailableReason: String {
        let file = localstackVenv.path + ".unavailable"
        if let text = try? String(contentsOfFile: file, encoding: .utf8), !text.isEmpty {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return "\(localstackVenv.path) is missing: run `make deps` (or `make test`) first"
    }

    static func helper(_ name: String) -> String {
        Fixtures.repositoryRoot.appendingPathComponent("Tests/Helpers/\(name)").path
    }

    /// The built media-worker binary next to the test bundle.
    static func mediaWorker() throws -> String { try builtExecutable("media-worker") }

    /// Whether this build runs under AddressSanitizer or ThreadSanitizer (`make sanitize`):
    /// their shadow memory rules out address-space limits.
    static var sanitized: Bool {
        let process = dlopen(nil, RTLD_NOW)
        defer { if let process { dlclose(process) } }
        return dlsym(process, "__tsan_init") != nil || dlsym(process, "__asan_init") != nil
    }

    /// An executable product of this package, next to the test bundle (or in .build/debug).
    static func builtExecutable(_ name: String) throws -> String {
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            url.deleteLastPathComponent()
        }
        return try executable(Fixtures.repositoryRoot.appendingPathComponent(".build/debug/\(name)"))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ prefix: String = "mw-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The one line a run prints when its LocalStack suites are skipped.
enum LocalStackSkipNotice {
    private static let printed = Locked(false)

    static func printOnce(_ reason: String) {
        let first = printed.withLock { value -> Bool in
            defer { value = true }
            return !value
        }
        if first { FileHandle.standardError.write(Data("LocalStack suites skipped: \(reason)\n".utf8)) }
    }
}
