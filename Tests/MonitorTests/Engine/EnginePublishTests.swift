import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// Snapshots are built for readers: every refresh while someone reads, on demand otherwise.
@Suite struct EnginePublishTests {
    @Test func unreadSnapshotsAreNotBuiltButReadersNeverSeeAStaleOne() async throws {
        let clock = ManualClock()
        let refresh = Duration.milliseconds(200)
        try await EngineHarness.run(clock: clock, refresh: refresh) { server in
            """
            endpoints:
              - { name: ok, url: "\(server.url(for: "/ok"))", interval: 100ms }
            """
        } _: { harness in
            let engine = harness.engine
            let started = engine.published.withLock { $0.at }

            // Nobody reads: the publisher wakes every refresh and skips, so the stored snapshot
            // stays the one published at start.
            for _ in 0..<5 {
                #expect(await harness.publisherSleeps())
                clock.advance(by: refresh)
            }
            #expect(await harness.publisherSleeps())
            #expect(engine.published.withLock { $0.at } == started, "no snapshot was built for nobody")

            // A reader gets a fresh one all the same, built on demand.
            let fresh = engine.latest()
            #expect(engine.published.withLock { $0.at } == clock.now())
            #expect(fresh.uptime == .seconds(1), "\(fresh.uptime)")

            // While someone reads every refresh, the publisher builds every refresh again.
            for _ in 0..<6 {
                _ = engine.latest()
                #expect(await harness.publisherSleeps())
                clock.advance(by: refresh)
                let now = clock.now()
                #expect(await eventually { engine.published.withLock { $0.at } == now })
            }
            // Probes went out meanwhile, as time passed.
            #expect(await eventually { engine.latest().scheduler.probesTotal >= 1 })
        }
    }
}
