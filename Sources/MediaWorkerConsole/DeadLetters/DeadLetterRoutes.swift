import Foundation
import Hummingbird

/// GET /dead-letters (every box, each message with its upload and reason) and
/// POST /api/dead-letters/redrive `{box, id}` or `{box, all: true}` (operator role).
struct DeadLetterRoutes {
    let boxes: [any DeadLetterBox]
    let pages: PageRenderer

    struct Redrive: Decodable {
        var box: String
        var id: String?
        var all: Bool?
    }

    func add(to router: Router<ConsoleContext>) {
        router.get("/dead-letters") { _, context -> Response in
            var sections: [[String: Any]] = []
            for box in boxes {
                var section: [String: Any] = ["box": box.id, "title": box.title]
                do {
                    let letters = try await box.list(limit: 100)
                    section["letters"] = letters.map { ["box": $0.box, "id": $0.id, "key": $0.key ?? "(no key in the body)", "reason": $0.reason, "body": $0.body] }
                    section["count"] = letters.count
                } catch {
                    section["problem"] = "cannot read it: \(error)"
                }
                sections.append(section)
            }
            let values: [String: Any] = ["boxes": sections, "none": boxes.isEmpty]
            return ConsoleResponses.html(pages.render("deadletters", title: "Dead letters", context: context, values: values))
        }
        router.post("/api/dead-letters/redrive") { request, context -> Response in
            try context.require(.operator)
            let redrive = try await request.decode(as: Redrive.self, context: context)
            guard let box = boxes.first(where: { $0.id == redrive.box }) else { throw HTTPError(.notFound, message: "no dead-letter box \(redrive.box)") }
            let count: Int
            if redrive.all == true {
                count = try await box.redriveAll()
            } else if let id = redrive.id {
                guard try await box.redrive(id: id) else { throw HTTPError(.notFound, message: "message \(id) is no longer in \(box.title)") }
                count = 1
            } else {
                throw HTTPError(.badRequest, message: "give the message's id, or all: true")
            }
            context.logger.notice("console redrive", metadata: ["user": "\(context.identity?.name ?? "")", "box": "\(box.id)", "count": "\(count)"])
            return ConsoleResponses.json(["redriven": count])
        }
    }
}
