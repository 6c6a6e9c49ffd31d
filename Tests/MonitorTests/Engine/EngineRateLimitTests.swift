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

    /// `burst` sizes the engine's real limiter: on an injected clock that never moves, a bucket of
    /// three grants three permits at once where the default (`calls`, one) grants one; the next
    /// permit falls due a period later. The snapshot reports the burst.
    @Test func burstSetsHowManyPermitsGoAtOnce() async throws {
        let clock = ManualClock()
        let config = try ConfigLoader(environment: [:]).parse(
            yaml: """
                rate_limits:
                  bursty: { calls: 1, period: 10s, burst: 3, max_wait: 0s }
                  strict: { calls: 1, period: 10s, max_wait: 0s }
                endpoints:
                  - { name: a, url: "https://a.test/", rate_limit: bursty }
                  - { name: b, url: "https://b.test/", rate_limit: strict }
                """, sourcePath: "burst.yaml")
        let engine = Engine(config: config, options: EngineOptions(source: "burst.yaml", clock: clock))
        let limiters = engine.table.withLock { $0.limiters }
        let bursty = try #require(limiters["bursty"]?.limiter)
        let strict = try #require(limiters["strict"]?.limiter)

        /// Permits granted at once, before the first rejection (`max_wait: 0s` never waits).
        func grantedAtOnce(_ limiter: RateLimiter) async -> Int {
            var granted = 0
            while granted < 100 {
                do { try await limiter.acquire() } catch { break }
                granted += 1
            }
            return granted
        }
        #expect(await grantedAtOnce(bursty) == 3)
        #expect(await grantedAtOnce(strict) == 1)
        clock.advance(by: .seconds(10))
        #expect(await grantedAtOnce(bursty) == 1, "refilled at calls per period, not by the burst")

        let snapshot = engine.publishNow()
        #expect(snapshot.rateLimits.map(\.name) == ["bursty", "strict"])
        #expect(snapshot.rateLimits.map(\.burst) == [3, 1])
        #expect(snapshot.rateLimits.map(\.calls) == [1, 1])
        await engine.stop()
    }
}
