import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// Two endpoints sharing one tight rate limit: callers queue for permits, the snapshot reports
/// the queue, and arrivals beyond `max_queue` are rejected and counted, not sent.
@Suite struct EngineRateLimitTests {
    static let period = Duration.milliseconds(400)

    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          retry: { max_tries: 1 }
        rate_limits:
          partner: { calls: 1, period: 400ms, max_queue: 1, max_wait: 5s }
        endpoints:
          - name: quotes
            url: "\(server.url(for: "/ok?client=quotes"))"
            rate_limit: partner
          - name: rates
            url: "\(server.url(for: "/ok?client=rates"))"
            rate_limit: partner
        """
    }

    @Test func sharedLimitBuildsAQueueAndRejectsBeyondMaxQueue() async throws {
        let started = ContinuousClock.now
        try await EngineHarness.run(Self.config) { harness in
            // A caller waiting for a permit shows as queue depth, at the moment it waits.
            #expect(await eventually { (harness.snapshot().rateLimits.first?.queueDepth ?? 0) >= 1 })
            // With one waiter already queued, the next arrival finds the queue full.
            #expect(await eventually { (harness.snapshot().rateLimits.first?.rejected ?? 0) >= 2 })

            let snapshot = harness.snapshot()
            let limit = try #require(snapshot.rateLimits.first)
            #expect(limit.name == "partner")
            #expect(limit.maxQueue == 1)
            #expect(limit.queuePeak == 1, "the peak is bounded by max_queue")
            #expect(limit.queueDepth <= 1)

            // The rejections are the endpoints' own: counted as rejected with kind rate_limited.
            let endpoints = snapshot.endpoints.filter { $0.rateLimitName == "partner" }
            #expect(endpoints.count == 2)
            let rejected = endpoints.map(\.requests.rejected).reduce(0, +)
            #expect(rejected >= 1, "\(endpoints.map(\.requests))")
            #expect(
                endpoints.contains { endpoint in endpoint.recentErrors.contains { $0.kind == .rateLimited } })

            // The queue is FIFO: both endpoints get permits in turn.
            #expect(
                await eventually {
                    harness.snapshot().endpoints.allSatisfy { $0.requests.succeeded >= 1 }
                })

            // The limit holds on the wire: a token bucket of 1 per 400 ms cannot let through more
            // than its burst plus one call per period since the engine started.
            let sent = harness.server.requestCount(path: "/ok")
            let elapsed = ContinuousClock.now - started
            let allowed = 1 + Int((elapsed / Self.period).rounded(.up))
            #expect(sent <= allowed, "\(sent) requests in \(elapsed)")
        }
    }
}
