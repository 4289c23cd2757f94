import Foundation
import Hummingbird

/// Server-sent events for the jobs page: `event: jobs` with the index's version each
/// time it changes (looked at twice a second), and a comment every 15 s so proxies keep
/// the stream open. The page then fetches the rows it shows from /api/jobs.
enum JobEvents {
    static func stream(index: JobIndex) -> Response {
        let body = ResponseBody { writer in
            var seen = -1
            var quiet = 0
            while !Task.isCancelled {
                let version = await index.version
                if version != seen {
                    seen = version
                    quiet = 0
                    try await writer.write(ByteBuffer(string: "event: jobs\ndata: {\"version\":\(version)}\n\n"))
                } else if quiet >= 30 {
                    quiet = 0
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
                quiet += 1
                try await Task.sleep(for: .milliseconds(500))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}
