import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// Retries and the retry budget, counted per endpoint against the real ChaosServer.
///
/// The breakers here record only timeouts, so 5xx answers never open them and every probe is
/// free to retry: the retry layer alone is under test.
@Suite struct EngineRetryTests {
    @Test func flakyEndpointIsRetriedAndCounted() async throws {
        try await EngineHarness.run(seed: 7) { server in
            """
            refresh: 50ms
            endpoints:
              - name: flaky
                url: "\(server.url(for: "/flaky?p=0.5"))"
                interval: 100ms
                breaker: { record: [timeout] }
                retry: { max_tries: 3, base: 10ms, max_delay: 20ms, budget: off }
            """
        } _: { harness in
            #expect(
                await eventually {
                    guard let retries = harness.endpoint("flaky")?.retries else { return false }
                    return retries.total >= 3 && retries.succeededAfterRetry >= 1 && retries.exhausted >= 1
                })
            let flaky = try #require(harness.endpoint("flaky"))
            #expect(flaky.requests.failed >= flaky.retries.exhausted * 3, "an exhausted probe failed 3 times")
            #expect(flaky.requests.succeeded >= flaky.retries.succeededAfterRetry)
            #expect(flaky.retries.budgetDenied == 0, "no budget: nothing denied")
            #expect(flaky.recentErrors.contains { $0.kind == .status })
            // Every attempt reached the server: the retries are real requests.
            #expect(harness.server.requestCount(path: "/flaky") >= flaky.requests.total)

            // Once stopped (nothing in flight), the scheduler's probe count is every attempt,
            // retries included, as the snapshot documents: here, every request of the endpoint.
            await harness.engine.stop()
            let stopped = harness.snapshot()
            let total = try #require(stopped.endpoints.first).requests.total
            #expect(stopped.scheduler.probesTotal == total)
            #expect(total > stopped.endpoints[0].retries.total, "first attempts and retries")
        }
    }

    @Test func retryBudgetCapsRetriesDuringAHardOutage() async throws {
        try await EngineHarness.run { server in
            """
            refresh: 50ms
            endpoints:
              - name: down
                url: "\(server.url(for: "/status/502"))"
                interval: 100ms
                breaker: { record: [timeout] }
                retry: { max_tries: 3, base: 10ms, max_delay: 20ms, budget: 1% }
            """
        } _: { harness in
            #expect(await eventually { (harness.endpoint("down")?.retries.budgetDenied ?? 0) >= 5 })
            let down = try #require(harness.endpoint("down"))
            // The budget's floor is one retry a second over its 10 s window (a reserve of 10),
            // plus 1% of first attempts; without it every probe would add two retries.
            let firstAttempts = down.requests.total - down.retries.total
            #expect(down.retries.total <= 10 + firstAttempts / 100 + 1, "\(down.retries)")
            #expect(down.retries.total < 2 * firstAttempts)
            #expect(down.requests.succeeded == 0)
            #expect(down.breaker.state == .closed, "502 is not recorded by this breaker")
        }
    }

    @Test func notEveryFailureIsRetried() async throws {
        try await EngineHarness.run { server in
            """
            refresh: 50ms
            defaults:
              interval: 100ms
              retry: { max_tries: 3, base: 10ms, max_delay: 20ms, budget: off }
            endpoints:
              - name: missing
                url: "\(server.url(for: "/status/404"))"
              - name: wrong-body
                url: "\(server.url(for: "/ok"))"
                expect: { body_contains: "healthy" }
              - name: tripped
                url: "\(server.url(for: "/status/503"))"
                breaker: { failure_threshold: 1, recovery_timeout: 1h }
            """
        } _: { harness in
            #expect(
                await eventually {
                    let snapshot = harness.snapshot()
                    return snapshot.endpoints.allSatisfy {
                        $0.requests.failed + $0.requests.rejected >= 3
                    }
                })
            let snapshot = harness.snapshot()
            let missing = try #require(snapshot.endpoints.first { $0.name == "missing" })
            let wrongBody = try #require(snapshot.endpoints.first { $0.name == "wrong-body" })
            let tripped = try #require(snapshot.endpoints.first { $0.name == "tripped" })

            // A 4xx and a wrong body will not change on a second try.
            #expect(missing.retries.total == 0)
            #expect(missing.last?.error?.kind == .status)
            #expect(missing.breaker.state == .closed, "4xx is not recorded by the default breaker")
            #expect(wrongBody.retries.total == 0)
            #expect(wrongBody.last?.error?.kind == .bodyMismatch)

            // A 503 is retried, but the retry meets the breaker the first failure opened, and a
            // breaker rejection is never retried: the server saw exactly one request.
            #expect(tripped.breaker.state == .open)
            #expect(tripped.retries.total == 1)
            #expect(tripped.requests.rejected >= 2)
            #expect(harness.server.requestCount(path: "/status/503") == 1)
        }
    }
}
