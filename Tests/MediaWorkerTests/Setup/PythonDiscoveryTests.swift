import Foundation
import Testing

/// scripts/find-python-for-localstack.sh against fake pyenv trees, PATHs and uv in a
/// temporary folder: each fake `python3` is a shell script that prints its version, so the
/// order (LOCALSTACK_PYTHON, pyenv's newest 3.12+, python3.13/python3.12 on PATH, uv) is
/// checked without any real Python.
@Suite("Python discovery for LocalStack")
struct PythonDiscoveryTests {
    /// A sandbox: `bin` (on PATH first), `tools` (the few real commands the script uses),
    /// an empty HOME, and optional pyenv roots.
    struct Sandbox {
        let root: URL
        var bin: URL { root.appendingPathComponent("bin") }
        var home: URL { root.appendingPathComponent("home") }

        init() throws {
            root = try TestTools.temporaryDirectory("python-discovery")
            let tools = root.appendingPathComponent("tools")
            for dir in [bin, home, tools] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
            for tool in ["tail", "head", "mktemp", "grep", "sed", "cut", "timeout", "dirname", "rm", "cat", "mkdir"] {
                for dir in ["/usr/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") {
                    try? FileManager.default.createSymbolicLink(atPath: tools.appendingPathComponent(tool).path, withDestinationPath: "\(dir)/\(tool)")
                    break
                }
            }
        }

        /// An executable shell script at `path` (relative to the sandbox).
        ///
        /// Written with `O_CLOEXEC` and then run once until the kernel lets it: while any
        /// process holds a file open for writing, executing it fails with ETXTBSY ("Text file
        /// busy"), and a process another test spawns at the same instant inherits the open
        /// descriptor for a moment. The discovery script would then pass the fake interpreter
        /// over as broken. The probe retries only on that error, so it waits for the event
        /// (the descriptor closed everywhere), not for a time.
        @discardableResult
        func script(_ path: String, _ body: String) throws -> String {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let bytes = Array("#!/bin/sh\n\(body)\n".utf8)
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count else { throw POSIXError(.EIO) }
            try waitUntilExecutable(url.path)
            return url.path
        }

        /// Runs `path` (with `--version`, which every fake accepts) until exec no longer
        /// fails with ETXTBSY (the shell's status 126, "cannot execute"); any other outcome,
        /// a script's own non-zero exit included, ends the wait. No fake exits 126 itself.
        private func waitUntilExecutable(_ path: String) throws {
            for _ in 0..<200 {
                let result = try ProcessRunner.runBlocking("/bin/sh", ["-c", "\"$0\" --version </dev/null >/dev/null 2>&1; echo $?", path])
                if result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "126" { return }
                usleep(20_000)
            }
            throw POSIXError(.ETXTBSY)
        }

        /// A fake interpreter that reports `version`.
        @discardableResult
        func python(_ path: String, _ version: String) throws -> String { try script(path, "echo \(version)") }

        /// A pyenv version folder with a fake python3.
        @discardableResult
        func pyenv(_ version: String, root pyenvRoot: String = "pyenv", reports: String? = nil) throws -> String {
            try python("\(pyenvRoot)/versions/\(version)/bin/python3", reports ?? version)
        }

        func path(_ name: String) -> String { root.appendingPathComponent(name).path }

        /// Runs the script with only `environment` (plus PATH and HOME).
        func find(_ environment: [String: String] = [:]) async throws -> ProcessResult {
            var env = ["PATH": "\(bin.path):\(root.appendingPathComponent("tools").path)", "HOME": home.path, "FIND_PYTHON_NO_UV": "1"]
            env.merge(environment) { $1 }
            env = env.filter { !$0.value.isEmpty }
            let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/find-python-for-localstack.sh").path
            return try await ProcessRunner.run("/bin/bash", [script, "--verbose"], environment: env)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test("pyenv: the newest version 3.12 or newer, compared as numbers, not a fixed path")
    func pyenvNewest() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        for version in ["3.6.15", "3.11.7", "3.12.9", "3.12.10", "3.10.13"] { try box.pyenv(version) }
        let result = try await box.find(["PYENV_ROOT": box.path("pyenv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == box.path("pyenv/versions/3.12.10/bin/python3") + "\n")
    }

    @Test("pyenv's root comes from `pyenv root` when PYENV_ROOT is unset; 3.13.0 is found there")
    func pyenvRootCommand() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.pyenv("3.13.0", root: "elsewhere")
        try box.pyenv("3.12.1", root: "elsewhere")
        try box.script("bin/pyenv", "[ \"$1\" = root ] && echo \(box.path("elsewhere"))")
        let result = try await box.find()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == box.path("elsewhere/versions/3.13.0/bin/python3") + "\n")
    }

    @Test("LOCALSTACK_PYTHON comes first, before a newer pyenv version")
    func explicitFirst() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.pyenv("3.13.0")
        let chosen = try box.python("custom/python", "3.12.0")
        let result = try await box.find(["PYENV_ROOT": box.path("pyenv"), "LOCALSTACK_PYTHON": chosen])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == chosen + "\n")
    }

    @Test("An unusable LOCALSTACK_PYTHON is an error, not silently passed over")
    func explicitTooOld() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.pyenv("3.13.0")
        let old = try box.python("custom/python", "3.11.2")
        let result = try await box.find(["PYENV_ROOT": box.path("pyenv"), "LOCALSTACK_PYTHON": old])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("LOCALSTACK_PYTHON=\(old) is not usable"), "\(result.stderr)")
        #expect(result.stderr.contains("older than 3.12"), "\(result.stderr)")
    }

    @Test("PATH: python3.13, then python3.12, when pyenv has only old or broken versions")
    func pathAfterPyenv() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.pyenv("3.11.7")
        try box.script("pyenv/versions/3.13.0/bin/python3", "exit 1")  // does not run
        try box.python("bin/python3.12", "3.12.4")
        try box.python("bin/python3", "3.11.2")
        var result = try await box.find(["PYENV_ROOT": box.path("pyenv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == box.path("bin/python3.12") + "\n")
        #expect(result.stderr.contains("3.13.0/bin/python3: does not run"), "\(result.stderr)")

        try box.python("bin/python3.13", "3.13.1")
        result = try await box.find(["PYENV_ROOT": box.path("pyenv")])
        #expect(result.stdout == box.path("bin/python3.13") + "\n", "\(result.stderr)")
    }

    @Test("Nothing new enough and uv not tried: exit 1 with one line saying what was looked for")
    func noneFound() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.python("bin/python3", "3.11.2")
        let result = try await box.find()
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("no Python for LocalStack: no LOCALSTACK_PYTHON, no pyenv Python 3.12+"), "\(result.stderr)")
        #expect(last.contains("FIND_PYTHON_NO_UV=1"))
    }

    @Test("uv: a failed download of its managed CPython fails cleanly, naming the reason")
    func uvDownloadFails() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.python("bin/python3", "3.11.2")
        try box.script("bin/uv", """
            echo "error: Failed to install cpython-3.13.9-linux-x86_64-gnu" >&2
            echo "  Caused by: Request failed after 3 retries: github.com: dns error" >&2
            exit 2
            """)
        let result = try await box.find(["FIND_PYTHON_NO_UV": ""])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("uv could not download CPython 3.13 (error: Failed to install cpython-3.13.9-linux-x86_64-gnu"), "\(result.stderr)")
    }

    @Test("uv: its managed CPython is used when the download works")
    func uvInstalls() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let managed = try box.python("uv-data/cpython-3.13/bin/python3", "3.13.9")
        try box.script("bin/uv", """
            [ "$1 $2" = "python install" ] && exit 0
            [ "$1 $2" = "python find" ] && echo \(managed) && exit 0
            exit 2
            """)
        let result = try await box.find(["FIND_PYTHON_NO_UV": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == managed + "\n")
    }
}
