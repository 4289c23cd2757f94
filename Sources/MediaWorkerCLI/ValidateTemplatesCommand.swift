import ArgumentParser
import Dispatch
import Foundation
import UnixSignals
import MediaWorkerJobs
import MediaWorkerService
import MediaWorkerSupport

/// `media-worker validate-templates [PATH...]`: checks job templates, with `--watch` keeps
/// checking them as they are edited (and on SIGHUP), as the worker reloads them.
struct ValidateTemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-templates",
        abstract: "Check job templates; exit non-zero on any error.",
        discussion: """
            Each error names the file, line and JSON path, e.g. \
            job.json:57: OutputGroups[0].Outputs[2].VideoDescription.Height: expected an integer, got "720". \
            Warnings list the members the local engine does not execute (they still go to MediaConvert). \
            With --local, each template's members are counted as the local engine treats them \
            (executed, equivalent by default, not executed), and only the members it does not execute \
            are listed on standard output, each with the reason. \
            With --watch, the directory is checked again on every change and on SIGHUP, as a running worker does.
            """)

    @Argument(help: "Template files or directories (default: $MEDIA_WORKER_TEMPLATES or job-templates).")
    var paths: [String] = []

    @Flag(help: "Keep running and check the templates again when they change or on SIGHUP.")
    var watch = false

    @Option(help: "With --watch, seconds between checks.")
    var interval: Double = 2

    @Flag(help: "Do not print warnings about members the local engine does not execute.")
    var quiet = false

    @Flag(help: "List, on standard output, only the members the local engine does not execute, each with the reason, after counts of each kind.")
    var local = false

    func validate() throws {
        if local && (quiet || watch) { throw ValidationError("--local lists what --quiet hides and does not watch; give it alone") }
    }

    func run() async throws {
        let targets = paths.isEmpty ? [CommandSettings.templatesDirectory(ConfigReader.command([:]))] : paths
        if watch {
            try await watchDirectory(targets)
            return
        }
        var failed = false
        for file in try Self.files(targets) {
            do {
                let template = try JobTemplate.load(path: file)
                print(Self.summary(template))
                if local {
                    print("local \(template.name): \(template.localMembers.summary)")
                    for member in template.localMembers.notExecuted { print("  " + member.description) }
                } else if !quiet {
                    for warning in template.localWarnings { Self.printError(warning.description) }
                }
            } catch {
                failed = true
                Self.printError(error.description)
            }
        }
        if failed { throw ExitCode(1) }
    }

    static func summary(_ template: JobTemplate) -> String {
        let outputs = template.outputGroups.reduce(0) { $0 + $1.outputs.count }
        return "ok \(template.name): \(template.outputGroups.count) group\(template.outputGroups.count == 1 ? "" : "s"), \(outputs) output\(outputs == 1 ? "" : "s"), version \(template.version)"
            + (template.localWarnings.isEmpty ? "" : ", \(template.localWarnings.count) not executed locally")
    }

    /// Files named, and the `*.json` files of directories named.
    static func files(_ targets: [String]) throws -> [String] {
        var files: [String] = []
        for target in targets {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
                throw ValidationError("\(target) does not exist")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: target).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
                files += names.map { (target as NSString).appendingPathComponent($0) }
            } else {
                files.append(target)
            }
        }
        return files
    }

    private func watchDirectory(_ targets: [String]) async throws {
        guard targets.count == 1 else { throw ValidationError("--watch takes one directory") }
        let store = TemplateStore(directory: targets[0])
        for name in store.names { Self.say(Self.summary(try store.template(named: name))) }
        for (name, error) in store.errors.sorted(by: { $0.key < $1.key }) { Self.printError("refused \(name): \(error)") }
        let report: @Sendable (TemplateStore.Change) -> Void = { change in
            switch change {
            case .refused: Self.printError(change.description)
            default: Self.say(change.description)
            }
        }
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let directory = targets[0]
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals {
                    Self.say("SIGHUP: checking \(directory)")
                    for change in store.reload() { report(change) }
                }
            }
            await store.watch(every: .milliseconds(Int(interval * 1000)), onChange: report)
            group.cancelAll()
        }
    }

    /// One line on standard output, written at once (a watcher's output is read as it comes).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
