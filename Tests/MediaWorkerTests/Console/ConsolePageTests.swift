import Foundation
import Hummingbird
import Testing

@testable import MediaWorkerConsole

/// The templates: every value escaped, no inline script, the CSP.
@Suite("Console pages")
struct ConsolePageTests {
    static func renderer() async throws -> PageRenderer {
        try await PageRenderer(resources: PageRenderer.resourceDirectory([:]))
    }

    @Test("a key with <script> and quotes is shown escaped on the jobs page")
    func escaping() async throws {
        let pages = try await Self.renderer()
        let key = "inputs/<script>alert(\"x\")</script>'.mp4"
        let row = JobSummary(recordKey: "json/x.json", uploadKey: key, status: .failed, time: Date(), bytes: 1, errorCode: "<b>")
        let values = JobRows.page(JobQuery().select([row]), query: JobQuery(search: "\"><img src=x>"))
        let html = pages.render("jobs", title: "Jobs", identity: Identity(name: "<i>", role: .viewer), csrf: "token", values: values)
        #expect(html.contains("inputs/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;.mp4"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>") && html.contains("&lt;b&gt;") && !html.contains("<i>") && html.contains("&lt;i&gt;"))
        #expect(!html.contains("\"><img src=x>"))
    }

    @Test("no template has an inline script, an event handler attribute or an unescaped {{{ }}}")
    func noInlineScript() throws {
        let directory = PageRenderer.resourceDirectory([:]).appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count >= 5)
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name)")
            #expect(text.components(separatedBy: "<script").dropFirst().allSatisfy { $0.hasPrefix(" src=") }, "\(name)")
            #expect(text.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "\(name)")
        }
    }

    @Test("the Content-Security-Policy allows scripts from the console only, and the S3 origin for media and uploads")
    func policy() {
        var headers = HTTPFields()
        SecurityHeaders(s3Origin: "http://127.0.0.1:4566").apply(to: &headers)
        let policy = headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("script-src 'self';") && !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
        #expect(policy.contains("media-src 'self' http://127.0.0.1:4566") && policy.contains("connect-src 'self' http://127.0.0.1:4566"))
        #expect(policy.contains("frame-ancestors 'none'") && headers[.cacheControl] == "no-store")
    }
}
