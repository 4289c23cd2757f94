import Foundation
import Testing

/// The servers the tests start get ports of their own: a port is never handed out twice,
/// and a server whose port another process holds fails to start instead of being taken
/// for ready (CI once saw a fault proxy's requests answered by another test's webhook).
@Suite("Test servers: one port each, and a taken port fails the start")
struct ManagedServerPortTests {
    @Test("freePort never hands out the same port twice")
    func distinctPorts() {
        let ports = (0..<300).map { _ in ManagedServer.freePort() }
        #expect(Set(ports).count == ports.count)
    }

    @Test("a server started on a port another server listens on fails, naming its exit")
    func takenPort() async throws {
        let python = try TestTools.python()
        let first = try await ManagedServer.start(name: "port-holder") { port in [python, "-m", "http.server", String(port), "--bind", "127.0.0.1"] }
        #expect(first.ownsListener(first.port))
        let error = #expect(throws: ManagedServer.StartFailure.self) {
            _ = try ManagedServer(
                name: "port-taker", command: [python, "-m", "http.server", String(first.port), "--bind", "127.0.0.1"], port: first.port, timeout: 120,
                ownListener: true, ready: { ManagedServer.isListening($0) })
        }
        #expect(error?.description.contains("exited before it was ready") == true, "\(String(describing: error))")
        #expect(error?.description.contains("Address already in use") == true, "\(String(describing: error))")
        first.stop()
    }
}
