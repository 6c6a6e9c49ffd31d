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

    @Test func outageOpensTheBreakerAndRecoveryClosesItThroughHalfOpen() async throws {
        try await EngineHarness.run(Self.config) { harness in
            let server = harness.server
            #expect(
                await eventually { (harness.endpoint("checkout")?.requests.succeeded ?? 0) >= 2 },
                "the endpoint is probed while healthy")
            #expect(harness.state("checkout") == .closed)

            server.setOutage("checkout", on: true)
            let requestsAtOutage = server.requestCount(path: "/outage/checkout")
            #expect(await eventually { harness.state("checkout")?.countsAsOpen == true })

            // Within the threshold: from the outage until now the server saw at most
            // `threshold` probes plus one per trial the breaker has let through since (the
            // server count is read first, so trials counted after it can only make the bound looser).
            let requestsSinceOutage = server.requestCount(path: "/outage/checkout") - requestsAtOutage
            let trials = harness.transitions(of: "checkout").filter { $0.from == .open && $0.to == .halfOpen }
            #expect(requestsSinceOutage <= Self.threshold + trials.count)

            let first = try #require(harness.transitions(of: "checkout").first)
            #expect(first.from == .closed && first.to == .open)
            #expect(first.reason == "\(Self.threshold) consecutive failures ≥ \(Self.threshold)")

            // While open, the snapshot says when the trial probe is due, and calls are rejected
            // before they reach the network.
            #expect(
                await eventually {
                    guard let breaker = harness.endpoint("checkout")?.breaker else { return false }
                    return breaker.state == .open && breaker.probeDueIn != nil && breaker.trips >= 1
                })
            #expect(
                await eventually { (harness.endpoint("checkout")?.requests.rejected ?? 0) > 0 },
                "scheduled probes are rejected by the open breaker, not sent")
            // A failed trial re-opens the breaker: the outage is still on.
            #expect(
                await eventually {
                    harness.transitions(of: "checkout").contains { $0.from == .halfOpen && $0.to == .open }
                })

            server.setOutage("checkout", on: false)
            let transitionsBeforeRecovery = harness.transitions(of: "checkout").count
            #expect(await eventually { harness.state("checkout") == .closed })

            let recovery = harness.transitions(of: "checkout").dropFirst(transitionsBeforeRecovery)
            // The last transitions go open → half-open (the recovery timeout) → closed (the trial).
            // The first of them may precede the outage's end (a trial due just then), so read
            // them from the whole history.
            let path = harness.transitions(of: "checkout").map { "\($0.from.rawValue)→\($0.to.rawValue)" }
            #expect(Array(path.suffix(2)) == ["open→half_open", "half_open→closed"], "\(path)")
            let closing = try #require(recovery.last)
            #expect(closing.from == .halfOpen && closing.to == .closed)
            #expect(closing.reason == "1 of 1 trial call succeeded")

            let checkout = try #require(harness.endpoint("checkout"))
            #expect(checkout.breaker.timeline.last?.to == .closed)
            // The outage touched only its endpoint.
            #expect(harness.transitions(of: "steady").isEmpty)
            #expect(harness.state("steady") == .closed)
        }
    }
}
