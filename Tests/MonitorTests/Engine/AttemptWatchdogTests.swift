import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// The engine's timeout backstop: one sweeping task instead of a timer per attempt.
@Suite struct AttemptWatchdogTests {
    @Test func sweepCancelsOnlyAttemptsPastTheirDeadline() async throws {
        let watchdog = AttemptWatchdog(clock: ManualClock())
        let late = Task { () -> (cancelled: Bool, inTime: Bool) in
            let token = watchdog.arm(deadline: Instant(nanoseconds: 1_000))
            while !Task.isCancelled { await Task.yield() }
            return (true, watchdog.disarm(token))
        }
        let early = Task { () -> (cancelled: Bool, inTime: Bool) in
            let token = watchdog.arm(deadline: Instant(nanoseconds: 5_000))
            while watchdog.armedCount < 2 { await Task.yield() }
            return (Task.isCancelled, watchdog.disarm(token))
        }
        let first = await early.value
        #expect(first.cancelled == false)
        #expect(first.inTime, "disarmed before its deadline")

        #expect(await eventually { watchdog.armedCount == 1 })
        #expect(watchdog.sweep(now: Instant(nanoseconds: 999)) == false, "not yet due: still registered")
        #expect(watchdog.sweep(now: Instant(nanoseconds: 1_000)), "due: cancelled and removed")
        let second = await late.value
        #expect(second.cancelled)
        #expect(second.inTime == false, "the attempt learns the watchdog fired")
        #expect(watchdog.armedCount == 0)
    }

    @Test func armingOutsideATaskRegistersNothing() {
        let watchdog = AttemptWatchdog(clock: ManualClock())
        #expect(watchdog.disarm(nil))
        #expect(watchdog.armedCount == 0)
    }

    /// One connection in the pool, held by a request that hangs for 5 s: a probe queued behind
    /// it is outside libcurl's timer, and only the backstop (its timeout + 1 s) ends it. It never
    /// reached its server, so it is a local `pool_exhausted` rejection that the breaker does not
    /// record, not a `timeout` that would open a healthy endpoint's breaker.
    @Test func backstopEndsAProbeQueuedBehindAFullPool() async throws {
        try await EngineHarness.run { server in
            """
            refresh: 50ms
            defaults:
              interval: 200ms
              retry: { max_tries: 1 }
              http: { max_connections: 1, max_keepalive_connections: 1 }
            endpoints:
              - name: stuck
                url: "\(server.url(for: "/hang"))"
                timeout: 5s
              - name: queued
                url: "\(server.url(for: "/ok"))"
                timeout: 200ms
                breaker: { failure_threshold: 1 }
            """
        } _: { harness in
            let started = ContinuousClock.now
            #expect(
                await eventually(timeout: .seconds(4)) {
                    harness.endpoint("queued")?.recentErrors.contains { $0.kind == .poolExhausted } ?? false
                })
            // Well before the hanging request's own 5 s timeout frees the connection.
            #expect(ContinuousClock.now - started < .seconds(4))
            let queued = try #require(harness.endpoint("queued"))
            let error = try #require(queued.recentErrors.first { $0.kind == .poolExhausted })
            #expect(error.message.contains("no free connection within"), "\(error.message)")
            #expect(queued.requests.rejected >= 1)
            #expect(queued.requests.timeouts == 0)
            #expect(queued.requests.failed == 0, "\(queued.recentErrors)")
            #expect(queued.breaker.state == .closed, "one failure would have opened it")
            #expect(harness.engine.watchdog.armedCount <= 2)
        }
    }
}
