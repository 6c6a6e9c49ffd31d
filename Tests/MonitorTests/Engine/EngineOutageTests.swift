import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// A scripted outage against the real ChaosServer: the breaker opens on the consecutive-failure
/// rule, rejects while open, and recovers through half-open once the outage ends.
@Suite struct EngineOutageTests {
    static let threshold = 3

    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          timeout: 2s
          retry: { max_tries: 1 }
        endpoints:
          - name: checkout
            url: "\(server.url(for: "/outage/checkout"))"
            breaker:
              failure_threshold: \(threshold)
              recovery_timeout: 300ms
              half_open_calls: 1
          - name: steady
            url: "\(server.url(for: "/ok"))"
        """
    }

    /// On a manual clock: every step of the story happens when the test moves time, so the
    /// counts are exact (no probe slips in between a check and the next).
    @Test func outageOpensTheBreakerAndRecoveryClosesItThroughHalfOpen() async throws {
        let clock = ManualClock()
        try await EngineHarness.run(clock: clock, Self.config) { harness in
            let server = harness.server
            let step = Duration.milliseconds(100)
            #expect(
                await harness.advance(clock, by: step) {
                    (harness.endpoint("checkout")?.requests.succeeded ?? 0) >= 2
                }, "the endpoint is probed while healthy")
            #expect(harness.state("checkout") == .closed)

            server.setOutage("checkout", on: true)
            let requestsAtOutage = server.requestCount(path: "/outage/checkout")
            #expect(await harness.advance(clock, by: step) { harness.state("checkout") == .open })
            // Exactly the threshold: one probe per slot, and the breaker opened on the third.
            #expect(server.requestCount(path: "/outage/checkout") - requestsAtOutage == Self.threshold)

            let first = try #require(harness.transitions(of: "checkout").first)
            #expect(first.from == .closed && first.to == .open)
            #expect(first.reason == "\(Self.threshold) consecutive failures ≥ \(Self.threshold)")

            // While open, the snapshot says when the trial probe is due, and calls are rejected
            // before they reach the network.
            let breaker = try #require(harness.endpoint("checkout")?.breaker)
            #expect(breaker.probeDueIn != nil && breaker.trips == 1)
            let requestsWhileOpen = server.requestCount(path: "/outage/checkout")
            #expect(
                await harness.advance(clock, by: step) {
                    (harness.endpoint("checkout")?.requests.rejected ?? 0) > 0
                }, "scheduled probes are rejected by the open breaker, not sent")
            // A failed trial re-opens the breaker: the outage is still on.
            #expect(
                await harness.advance(clock, by: step) {
                    harness.transitions(of: "checkout").contains { $0.from == .halfOpen && $0.to == .open }
                })
            #expect(server.requestCount(path: "/outage/checkout") == requestsWhileOpen + 1, "one trial")

            server.setOutage("checkout", on: false)
            let transitionsBeforeRecovery = harness.transitions(of: "checkout").count
            #expect(await harness.advance(clock, by: step) { harness.state("checkout") == .closed })

            let recovery = harness.transitions(of: "checkout").dropFirst(transitionsBeforeRecovery)
            let path = recovery.map { "\($0.from.rawValue)→\($0.to.rawValue)" }
            #expect(path == ["open→half_open", "half_open→closed"], "\(path)")
            #expect(recovery.last?.reason == "1 of 1 trial call succeeded")

            let checkout = try #require(harness.endpoint("checkout"))
            #expect(checkout.breaker.timeline.last?.to == .closed)
            // The outage touched only its endpoint.
            #expect(harness.transitions(of: "steady").isEmpty)
            #expect(harness.state("steady") == .closed)
        }
    }
}
