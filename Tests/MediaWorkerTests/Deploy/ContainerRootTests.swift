import Foundation
import Testing

/// The verdict of `make container-check` (scripts/container-check.sh), which builds the image's
/// root file system from infra/docker/Dockerfile with debootstrap and chroot, runs the worker
/// in it and writes a manifest of what ran. That needs root and takes minutes, so the suite
/// does not run it: it checks the two halves it relies on, on manifests it writes itself.
/// `dockerfile-runtime` reads the plan from the Dockerfile; `container-manifest` passes a
/// manifest of a run that did what the Dockerfile says and names what differs in one that
/// did not (a package missing, root, another ENV value, another binary, a failed step, the
/// console's resources missing or its `console` run as root or not at all).
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

    static let bundle = "media-worker_MediaWorkerConsole.resources"

    /// The console's resources as SwiftPM's `.copy("Resources")` puts them in the bundle.
    static func resourceFiles() throws -> [String] {
        let folder = root.appendingPathComponent("Sources/MediaWorkerConsole/Resources")
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]))
        var files: [String] = []
        for case let url as URL in enumerator {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files.append("Resources/" + String(url.path.dropFirst(folder.path.count + 1)))
        }
        return files.sorted()
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
        let resources = try resourceFiles()
        // Every step a whole run records (scripts/container-check.sh), each exit 0.
        var steps: [[String: Any]] = ["build", "stage", "version", "setup", "deliver", "stop", "console", "process", "outputs"].map {
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
            "resources": ["/usr/local/bin/\(bundle)": resources],
            "console": ["uid": [uid, uid, uid, uid], "gid": [gid, gid, gid, gid], "groups": [Int](), "exe": entrypoint.first ?? "", "argv": [entrypoint.first ?? "", "console"]],
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
        // The build stage's /out/: the binary (BUILD's last field) and the console's bundle, both
        // copied into the ENTRYPOINT's folder, the bundle beside the binary.
        let stage = plan.filter { $0.first == "STAGE" }.map { $0[1] }
        #expect(stage.count == 2 && stage[0].hasPrefix("install ") && stage[0].hasSuffix(" \(build.last ?? "?")"), "\(stage)")
        #expect(stage.last?.hasPrefix("cp -R ") == true && stage.last?.hasSuffix("/\(Self.bundle)\" /out/") == true, "\(stage)")
        #expect(build.last == "/out/media-worker")
        #expect(plan.contains(["COPY", "build", "/out/", "/usr/local/bin/"]))
        #expect(Self.fields(plan, "ENTRYPOINT").first == "/usr/local/bin/media-worker")
        #expect(Self.fields(plan, "HEALTHCHECK").first == Self.fields(plan, "ENTRYPOINT").first)
        // A form the script cannot carry out is refused with the reason.
        let shellForm = try InfraStaticTests.alteredRoot("infra/docker/Dockerfile") {
            $0.replacingOccurrences(of: #"ENTRYPOINT ["/usr/local/bin/media-worker"]"#, with: "ENTRYPOINT /usr/local/bin/media-worker")
        }
        let refused = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "dockerfile-runtime", shellForm.path])
        #expect(refused.status != 0 && refused.stderr.contains("only the exec form"), "\(refused.stderr)")
        // /out written without its slash cannot be mapped to the check's own folder.
        let bare = try InfraStaticTests.alteredRoot("infra/docker/Dockerfile") { $0.replacingOccurrences(of: "\(Self.bundle)\" /out/", with: "\(Self.bundle)\" /out") }
        let unmapped = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "dockerfile-runtime", bare.path])
        #expect(unmapped.status != 0 && unmapped.stderr.contains("write the output folder as /out/"), "\(unmapped.stderr)")
        // A COPY --from=build of something the build stage does not make.
        let absent = try InfraStaticTests.alteredRoot("infra/docker/Dockerfile") {
            $0.replacingOccurrences(of: "COPY --from=build /out/ /usr/local/bin/", with: "COPY --from=build /out/console /usr/local/bin/")
        }
        let unmade = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "dockerfile-runtime", absent.path])
        #expect(unmade.status != 0 && unmade.stderr.contains("COPY --from=build /out/console: the build stage puts no such file in /out/"), "\(unmade.stderr)")
    }

    @Test("A manifest of a run that did what the Dockerfile says passes")
    func goodManifest() async throws {
        let result = try await Self.check(try Self.manifest(try await Self.plan()))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("ok container-manifest: 13 runtime packages"), "\(result.stdout)")
    }

    enum Alteration: String, CaseIterable, Sendable {
        case packageMissing, extraPackage, root, otherUid, envChanged, envMissing, workdir, otherBinary, otherArguments, otherBuild, templates, failedStep,
            stoppedEarly, noHealthcheck, noResources, resourceMissing, consoleFailed, noConsoleStep, consoleAsRoot, consoleOtherCommand
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
        case .noResources:
            // A root made by the Dockerfile of before: only the binary copied.
            manifest["resources"] = [String: Any]()
            expected = "resources: no /usr/local/bin/\(Self.bundle) in the root (the console's templates and scripts, beside /usr/local/bin/media-worker)"
        case .resourceMissing:
            manifest["resources"] = ["/usr/local/bin/\(Self.bundle)": try Self.resourceFiles().filter { $0 != "Resources/static/console.js" }]
            expected = "resources: /usr/local/bin/\(Self.bundle) differs from Sources/MediaWorkerConsole/Resources (lacks Resources/static/console.js)"
        case .consoleFailed:
            manifest["steps"] = (manifest["steps"] as? [[String: Any]] ?? []).map { step in
                guard step["name"] as? String == "console" else { return step }
                return step.merging(["exit": 1, "command": "/usr/local/bin/media-worker console", "detail": "GET /static/console.js: 404"]) { $1 }
            }
            expected = "step console: exit 1 (/usr/local/bin/media-worker console): GET /static/console.js: 404"
        case .noConsoleStep:
            manifest["steps"] = (manifest["steps"] as? [[String: Any]] ?? []).filter { $0["name"] as? String != "console" }
            expected = "steps: no console step in the manifest"
        case .consoleAsRoot:
            var console = manifest["console"] as? [String: Any] ?? [:]
            console["uid"] = [0, 0, 0, 0]
            manifest["console"] = console
            expected = "console: ran as uid [0, 0, 0, 0] gid [10001, 10001, 10001, 10001], not USER 10001:10001"
        case .consoleOtherCommand:
            var console = manifest["console"] as? [String: Any] ?? [:]
            console["argv"] = ["/usr/local/bin/media-worker", "run"]
            manifest["console"] = console
            expected = "console: ran as ['/usr/local/bin/media-worker', 'run'], not ['/usr/local/bin/media-worker', 'console']"
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
