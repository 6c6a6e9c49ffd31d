import ChaosServer
import Testing

@testable import Probe

/// Sockets libcurl stops watching stay registered with epoll ("parked") to save system calls.
@Suite struct ParkedSocketTests {
    @Test func idleConnectionClosedByTheServerDoesNotSpinTheLoop() async throws {
        let prober = Prober()
        defer { prober.shutdown() }
        let server = try await ChaosServer.start()
        #expect(try await prober.probe(ProbeRequest(url: server.url(for: "/ok"))).status == 200)
        #expect(prober.stats.socketsWatched == 0)  // idle: libcurl watches nothing, the socket is parked
        try await server.stop()  // FIN on the parked, idle connection
        // The loop wakes for that event once, drops the socket, and goes back to sleep.
        // Poll in 50 ms windows, for up to 5 s, until a window passes with at most one wake-up.
        var settled = false
        let deadline = ContinuousClock.now + .seconds(5)
        while !settled, ContinuousClock.now < deadline {
            let before = prober.stats.loopIterations
            try await Task.sleep(for: .milliseconds(50))
            settled = prober.stats.loopIterations - before <= 1
        }
        #expect(settled)
        // A new server (new connection) works.
        let next = try await ChaosServer.start()
        #expect(try await prober.probe(ProbeRequest(url: next.url(for: "/ok"))).status == 200)
        try await next.stop()
    }
}
