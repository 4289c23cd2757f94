import Foundation
import Testing

/// The verdict of `make container-check` (scripts/container-check.sh), which builds the image's
/// root file system from infra/docker/Dockerfile with debootstrap and chroot, runs the worker
/// in it and writes a manifest of what ran. That needs root and takes minutes, so the suite
/// does not run it: it checks the two halves it relies on, on manifests it writes itself.
/// `dockerfile-runtime` reads the plan from the Dockerfile; `container-manifest` passes a
/// manifest of a run that did what the Dockerfile says and names what differs in one that
/// did not (a package missing, root, another ENV value, another binary, a failed step).
@Suite("Container root: the Dockerfile's plan and the manifest check")
struct ContainerRootTests {
    static let root = Fixtures.repositoryRoot

    /// `check_infra.py dockerfile-runtime`: one instruction a line, fields split by \x1f.
    static func plan(root: URL = root) async throws -> [[String]] {
        let result = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "dockerfile-runtime", root.path])
        try #require(result.status == 0, "dockerfile-runtime failed: \(result.stdout)\(result.stderr)")
        return result.stdout.split(separator: "\n").map { $0.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init) }
    }

    static func fields(_ plan: [[String]], _ instruction: String) -> [String] {
        Array((plan.first { $0.first == instruction } ?? [instruction]).dropFirst())
    }

    /// A manifest as scripts/container-check.sh writes it for a run that did what `plan` says.
    static func manifest(_ plan: [[String]]) throws -> [String: Any] {
        let packages = fields(plan, "PACKAGES")
        let base = ["base-files", "bash", "dash", "libc6", "util-linux"]
        var installed: [String: Any] = [:]
        for name in base + packages { installed[name] = ["version": "1.0-test", "status": "install ok installed"] }
        let user = fields(plan, "USER").first ?? ""
        let uid = Int(user.split(separator: ":").first ?? "") ?? -1
        let gid = Int(user.split(separator: ":").last ?? "") ?? -1
        var environ = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/work", "QUEUE_URL": "http://127.0.0.1:5000/q"]
        for line in plan where line.first == "ENV" { environ[line[1]] = line[2] }
        let entrypoint = fields(plan, "ENTRYPOINT")
        let build = fields(plan, "BUILD")
        let templates = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("job-templates").path).sorted()
        // Every step a whole run records (scripts/container-check.sh), each exit 0.
        var steps: [[String: Any]] = ["build", "version", "setup", "deliver", "stop", "process", "outputs"].map {
            ["name": $0, "exit": 0, "seconds": 1, "command": $0 == "build" ? build.first ?? "" : $0, "detail": ""]
        }
        steps.append(["name": "healthcheck", "exit": 0, "seconds": 1, "command": "", "detail": "ok", "argv": fields(plan, "HEALTHCHECK")])
        return [
            "installed": installed, "base_installed": base, "manual": base + packages,
            "user": ["name": "media-worker", "uid": uid, "gid": gid, "group": "media-worker", "home": "/work", "shell": "/usr/sbin/nologin"],
            "process": [
                "uid": [uid, uid, uid, uid], "gid": [gid, gid, gid, gid], "groups": [Int](), "cwd": fields(plan, "WORKDIR").first ?? "/",
                "exe": entrypoint.first ?? "", "argv": entrypoint + fields(plan, "CMD"), "environ": environ,
            ],
            "binary": ["path": entrypoint.first ?? "", "build": build.first ?? "", "version": "\(build.dropFirst().first ?? "") 0.1.0\nlibcurl/7.88.1"],
            "job_templates": templates,
            "steps": steps,
        ]
    }

    static func check(_ manifest: [String: Any], root: URL = root) async throws -> ProcessResult {
        let file = try TestTools.temporaryDirectory("mw-container").appendingPathComponent("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: file)
        return try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "container-manifest", root.path, file.path])
    }

    @Test("dockerfile-runtime reads the build command, the package list and the runtime stage in order")
    func readsPlan() async throws {
        let plan = try await Self.plan()
        #expect(Self.fields(plan, "FROM") == ["debian:bookworm-slim"])
        let build = Self.fields(plan, "BUILD")
        #expect(build.first?.hasPrefix("swift build -c release --static-swift-stdlib") == true, "\(build)")
        #expect(build.dropFirst().first == "media-worker")
        // The package list is the RUN's apt-get install words, so the script installs exactly it.
        let packages = Self.fields(plan, "PACKAGES")
        #expect(packages.contains("libavfilter8") && packages.contains("tzdata") && !packages.contains { $0.hasPrefix("-") }, "\(packages)")
        let run = try #require(plan.first { $0.first == "RUN" }?.last)
        let words = run.split(separator: " ").map(String.init)
        let installed = words.drop { $0 != "install" }.dropFirst().prefix { $0 != "&&" }.filter { !$0.hasPrefix("-") }
        #expect(Array(installed) == packages && run.contains("useradd"), "\(run)")
        let order = plan.compactMap { line in ["RUN", "COPY", "USER", "WORKDIR"].contains(line[0]) ? line[0] : nil }
        #expect(order == ["RUN", "COPY", "COPY", "USER", "WORKDIR"])
        #expect(plan.contains(["COPY", "build", build.last ?? "?", Self.fields(plan, "ENTRYPOINT").first ?? "?"]))
        #expect(Self.fields(plan, "HEALTHCHECK").first == Self.fields(plan, "ENTRYPOINT").first)
        // A form the script cannot carry out is refused with the reason.
        let shellForm = try InfraStaticTests.alteredRoot("infra/docker/Dockerfile") {
            $0.replacingOccurrences(of: #"ENTRYPOINT ["/usr/local/bin/media-worker"]"#, with: "ENTRYPOINT /usr/local/bin/media-worker")
        }
        let refused = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "dockerfile-runtime", shellForm.path])
        #expect(refused.status != 0 && refused.stderr.contains("only the exec form"), "\(refused.stderr)")
    }

    @Test("A manifest of a run that did what the Dockerfile says passes")
    func goodManifest() async throws {
        let result = try await Self.check(try Self.manifest(try await Self.plan()))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("ok container-manifest: 12 runtime packages"), "\(result.stdout)")
    }

    enum Alteration: String, CaseIterable, Sendable {
        case packageMissing, extraPackage, root, otherUid, envChanged, envMissing, workdir, otherBinary, otherArguments, otherBuild, templates, failedStep,
            stoppedEarly, noHealthcheck
    }

    @Test("A manifest that differs from the Dockerfile fails, naming what differs", arguments: Alteration.allCases)
    func alteredManifest(_ alteration: Alteration) async throws {
        let plan = try await Self.plan()
        var manifest = try Self.manifest(plan)
        var process = manifest["process"] as? [String: Any] ?? [:]
        var environ = process["environ"] as? [String: String] ?? [:]
        let expected: String
        switch alteration {
        case .packageMissing:
            var installed = manifest["installed"] as? [String: Any] ?? [:]
            installed["libavfilter8"] = nil
            manifest["installed"] = installed
            manifest["manual"] = (manifest["manual"] as? [String] ?? []).filter { $0 != "libavfilter8" }
            expected = "packages: in the Dockerfile's runtime apt-get install but not installed in the root: libavfilter8"
        case .extraPackage:
            manifest["manual"] = (manifest["manual"] as? [String] ?? []) + ["curl"]
            expected = "packages: installed on request but not in the Dockerfile: curl"
        case .root:
            process["uid"] = [0, 0, 0, 0]
            process["gid"] = [0, 0, 0, 0]
            expected = "process: the worker ran as uid [0, 0, 0, 0] gid [0, 0, 0, 0] (root); the Dockerfile's USER is 10001:10001"
        case .otherUid:
            process["uid"] = [10002, 10002, 10002, 10002]
            expected = "process: the worker's uids [10002, 10002, 10002, 10002] are not USER 10001:10001's (10001)"
        case .envChanged:
            environ["LOG_FORMAT"] = "text"
            expected = "env: LOG_FORMAT was 'text' in the worker, the Dockerfile's ENV says 'json'"
        case .envMissing:
            environ["SHUTDOWN_GRACE_SECONDS"] = nil
            expected = "env: SHUTDOWN_GRACE_SECONDS (ENV SHUTDOWN_GRACE_SECONDS=90) was not in the worker's environment"
        case .workdir:
            process["cwd"] = "/"
            expected = "workdir: the worker ran in /, WORKDIR is /work"
        case .otherBinary:
            process["exe"] = "/usr/bin/media-worker"
            expected = "process: the worker that ran was /usr/bin/media-worker, the ENTRYPOINT is /usr/local/bin/media-worker"
        case .otherArguments:
            process["argv"] = ["/usr/local/bin/media-worker", "run", "--drain"]
            expected = "ENTRYPOINT + CMD is ['/usr/local/bin/media-worker', 'run']"
        case .otherBuild:
            var binary = manifest["binary"] as? [String: Any] ?? [:]
            binary["build"] = "swift build -c debug --product media-worker"
            manifest["binary"] = binary
            expected = "binary: built with 'swift build -c debug --product media-worker', the Dockerfile builds with"
        case .templates:
            manifest["job_templates"] = ["job.json"]
            expected = "copy: /app/job-templates holds ['job.json'], COPY job-templates gives ['audio-only.json',"
        case .failedStep:
            var steps = manifest["steps"] as? [[String: Any]] ?? []
            steps.append(["name": "process", "exit": 1, "seconds": 2, "command": "/usr/local/bin/media-worker process /work/clip.mp4", "detail": "no such file"])
            manifest["steps"] = steps
            expected = "step process: exit 1 (/usr/local/bin/media-worker process /work/clip.mp4): no such file"
        case .stoppedEarly:
            manifest["steps"] = (manifest["steps"] as? [[String: Any]] ?? []).filter { !["process", "outputs"].contains($0["name"] as? String ?? "") }
            expected = "steps: no process step in the manifest"
        case .noHealthcheck:
            manifest["steps"] = (manifest["steps"] as? [[String: Any]] ?? []).filter { $0["name"] as? String != "healthcheck" }
            expected = "healthcheck: the manifest's health step is not the HEALTHCHECK CMD"
        }
        process["environ"] = environ
        manifest["process"] = process
        let result = try await Self.check(manifest)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(expected), "expected \(expected) in: \(result.stdout)")
        #expect(!result.stdout.contains("ok container-manifest"))
    }

    @Test("The manifest is compared with the Dockerfile: a run that installed a package the Dockerfile no longer lists fails")
    func comparedWithTheDockerfile() async throws {
        let manifest = try Self.manifest(try await Self.plan())
        let lacking = try InfraStaticTests.alteredRoot("infra/docker/Dockerfile") { $0.replacingOccurrences(of: " libavfilter8 ", with: " ") }
        let result = try await Self.check(manifest, root: lacking)
        #expect(result.status == 1)
        #expect(result.stdout.contains("packages: installed on request but not in the Dockerfile: libavfilter8"), "\(result.stdout)")
        let missing = try await ProcessRunner.run(
            try TestTools.python(), [TestTools.helper("check_infra.py"), "container-manifest", Self.root.path, "/nonexistent/manifest.json"])
        #expect(missing.status == 1 && missing.stdout.contains("run `make container-check`"), "\(missing.stdout)")
    }
}
