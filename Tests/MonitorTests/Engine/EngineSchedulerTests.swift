import ChaosServer
import Foundation
import Probe
import Resilience
import Testing

@testable import Monitor

/// The scheduler on a ``ManualClock``: the production path (the same timer protocol, the same
/// placement on the loop thread), with time moved by the test. Waits here are for the real
/// server's answers, never for time to pass.
@Suite struct EngineSchedulerTests {
    private static func yaml(_ server: ChaosServer) -> String {
        """
        refresh: 10s
        defaults:
          interval: 1s
          retry: { max_tries: 1 }
        endpoints:
          - { name: a, url: "\(server.url(for: "/ok?e=a"))" }
          - { name: b, url: "\(server.url(for: "/ok?e=b"))" }
        """
    }

    /// Probes taken by the engine so far (all attempts, counted when a probe has finished).
    private static func probes(_ harness: EngineHarness) -> Int {
        harness.engine.scheduler.withLock { $0.probesTotal }
    }

    @Test func eachProbeGoesOutWhenTheClockReachesItsSlot() async throws {
        let clock = ManualClock()
        try await EngineHarness.run(clock: clock, Self.yaml) { harness in
            // `a`'s first slot is at 0 (plus at most 20 ms of jitter), `b`'s at 500 ms.
            #expect(await harness.schedulerSleeps(clock))
            #expect(harness.server.requestCount(path: "/ok") == 0, "no time has passed")

            clock.advance(to: Instant.zero + .milliseconds(100))
            #expect(await eventually { Self.probes(harness) == 1 })
            #expect(harness.endpoint("a")?.requests.succeeded == 1)
            #expect(harness.endpoint("b")?.requests.total == 0, "b's slot is at 500 ms")

            #expect(await harness.schedulerSleeps(clock))
            clock.advance(to: Instant.zero + .milliseconds(600))
            #expect(await eventually { Self.probes(harness) == 2 })
            #expect(harness.endpoint("b")?.requests.succeeded == 1)
            #expect(harness.endpoint("a")?.requests.total == 1, "a's next slot is at 1 s")

            #expect(await harness.schedulerSleeps(clock))
            clock.advance(to: Instant.zero + .milliseconds(1_100))
            #expect(await eventually { Self.probes(harness) == 3 })
            #expect(harness.endpoint("a")?.requests.succeeded == 2)
            #expect(harness.server.requestCount(path: "/ok") == 3)
            // Each probe was taken when the clock reached it: the lateness is the test's own step.
            #expect(harness.snapshot().scheduler.latenessMaxMs >= 80)
        }
    }

    @Test func aCommandWakesTheSleepingSchedulerWithoutTimeMoving() async throws {
        let clock = ManualClock()
        try await EngineHarness.run(clock: clock, Self.yaml) { harness in
            #expect(await harness.schedulerSleeps(clock))
            harness.engine.send(ControlCommand(.tryNow, .endpoint("b")))
            #expect(await eventually { Self.probes(harness) == 1 })
            #expect(harness.endpoint("b")?.requests.succeeded == 1)
            #expect(harness.endpoint("a")?.requests.total == 0)
            #expect(clock.now() == .zero)
        }
    }

    @Test func pipelinesRunWhereTheRateSaysUnderEveryClockAndFollowReloads() async throws {
        let clock = ManualClock()
        try await EngineHarness.run(clock: clock, Self.yaml) { harness in
            let engine = harness.engine
            #expect(engine.table.withLock { $0.plannedRate } == 2)
            #expect(engine.pipelineExecutor(plannedRate: 2) === engine.prober.executor)

            // A reload to 5,000 planned probes a second moves the pipelines to the pool...
            let lines = (0..<500).map { "  - { name: e\($0), url: \"http://127.0.0.1:9/\($0)\" }" }
            let fast = try ConfigLoader(environment: [:]).parse(
                yaml: "defaults:\n  interval: 100ms\nendpoints:\n" + lines.joined(separator: "\n"),
                sourcePath: "fast.yaml")
            engine.reload(fast)
            let rate = engine.table.withLock { $0.plannedRate }
            #expect(rate == 5_000)
            #expect(!Engine.runsOnLoop(plannedRate: rate))
            #expect(engine.pipelineExecutor(plannedRate: rate) !== engine.prober.executor)

            // ...and one back to two endpoints brings them back to the loop thread.
            let slow = try ConfigLoader(environment: [:]).parse(
                yaml: Self.yaml(harness.server), sourcePath: "slow.yaml")
            engine.reload(slow)
            #expect(Engine.runsOnLoop(plannedRate: engine.table.withLock { $0.plannedRate }))
            // The scheduler still runs after moving twice: `b`'s slot is reached and probed.
            #expect(await harness.schedulerSleeps(clock))
            clock.advance(by: .seconds(1))
            #expect(await eventually { (harness.endpoint("b")?.requests.succeeded ?? 0) >= 1 })
        }
    }
}

extension EngineHarness {
    /// Waits until the scheduler sleeps on its timer, so that the clock's next advance is seen
    /// by it (a scheduler still busy would measure its sleep from the advanced clock).
    func schedulerSleeps(_ clock: ManualClock) async -> Bool {
        await eventually { (engine.schedulerTimer as? ManualTimer)?.isSleeping == true }
    }

    /// Waits until every started probe has finished and the scheduler sleeps again: the engine
    /// waits for nothing but the clock.
    func settled() async -> Bool {
        await eventually {
            let idle = engine.table.withLock { !$0.inFlight.contains(true) }
            return idle && (engine.schedulerTimer as? ManualTimer)?.isSleeping == true
        }
    }

    /// Moves `clock` on by `step` at a time, letting the engine settle after each, until
    /// `condition` holds (at most `maxSteps` steps); returns whether it held. For probes that do
    /// not sleep on the clock themselves (no retry backoff, no rate-limit wait).
    func advance(
        _ clock: ManualClock, by step: Duration, maxSteps: Int = 100, until condition: () -> Bool
    ) async -> Bool {
        for _ in 0..<maxSteps {
            guard await settled() else { return false }
            if condition() { return true }
            clock.advance(by: step)
        }
        return await settled() && condition()
    }

    /// Waits until the snapshot publisher sleeps on its timer.
    func publisherSleeps() async -> Bool {
        await eventually { (engine.publisherTimer as? ManualTimer)?.isSleeping == true }
    }
}
