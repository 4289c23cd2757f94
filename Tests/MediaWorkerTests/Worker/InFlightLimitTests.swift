@testable import MediaWorkerService
import Testing

@Suite("Webhook in-flight cap")
struct InFlightLimitTests {
    @Test("slots up to the limit, then refusals; leaving frees a slot; racing threads never overshoot")
    func limit() async {
        let limit = InFlightLimit(limit: 2)
        #expect(limit.enter() && limit.enter())
        #expect(!limit.enter())
        limit.leave()
        #expect(limit.enter())
        #expect(limit.inUse == 2)

        let shared = InFlightLimit(limit: 8)
        let taken = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { shared.enter() } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(taken == 8)
        #expect(shared.inUse == 8)
    }
}
