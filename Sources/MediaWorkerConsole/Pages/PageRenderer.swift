import Foundation
import Mustache

/// The pages: mustache templates from Resources/templates (`{{name}}` is HTML-escaped,
/// and the templates never use the unescaped `{{{ }}}` form), and the static files from
/// Resources/static, read once at start.
final class PageRenderer: Sendable {
    let library: MustacheLibrary
    let staticFiles: [String: (type: String, bytes: [UInt8])]

    init(resources: URL) async throws {
        guard FileManager.default.fileExists(atPath: resources.appendingPathComponent("templates").path) else {
            throw ConsoleError.resourceMissing("\(resources.path)/templates (copy \(Self.bundleName) beside the binary, or set CONSOLE_RESOURCES)")
        }
        library = try await MustacheLibrary(directory: resources.appendingPathComponent("templates").path)
        var files: [String: (String, [UInt8])] = [:]
        for (name, type) in [("console.js", "text/javascript; charset=utf-8"), ("upload.js", "text/javascript; charset=utf-8"), ("console.css", "text/css; charset=utf-8")] {
            guard let data = FileManager.default.contents(atPath: resources.appendingPathComponent("static/\(name)").path) else {
                throw ConsoleError.resourceMissing("static/\(name)")
            }
            files[name] = (type, Array(data))
        }
        staticFiles = files
    }

    /// The bundle SwiftPM builds beside the binary (the container copies it there too).
    static let bundleName = "media-worker_MediaWorkerConsole.resources"

    /// Where the resources are: `CONSOLE_RESOURCES`, else the bundle beside the binary
    /// (looked for without `Bundle.module`, which stops the process when it is missing).
    static func resourceDirectory(_ variables: [String: String]) -> URL {
        if let path = variables["CONSOLE_RESOURCES"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        let bases = [executable, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        let candidates = bases.map { $0.appendingPathComponent(bundleName).appendingPathComponent("Resources") }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("templates").path) } ?? candidates[0]
    }

    /// A page with the common frame: `page` is the template, `context` its values.
    func render(_ page: String, title: String, context: ConsoleContext, values: [String: Any]) -> String {
        render(page, title: title, identity: context.identity, csrf: context.csrfToken, values: values)
    }

    func render(_ page: String, title: String, identity: Identity?, csrf: String?, values: [String: Any]) -> String {
        var object = values
        object["title"] = title
        if let identity {
            object["user"] = ["name": identity.name, "role": identity.role.rawValue]
            object["canReview"] = identity.role.allows(.reviewer)
            object["canOperate"] = identity.role.allows(.operator)
        }
        object["csrf"] = csrf ?? ""
        object["nav_\(page)"] = true
        object["view"] = page
        return library.render(object, withTemplate: page) ?? "template \(page) is missing"
    }
}
