import Foundation

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
    static func localstackPython() throws -> String { try executable(localstackVenv.appendingPathComponent("bin/python")) }

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
