import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// Snapshots are built for readers: every refresh while someone reads, on demand otherwise.
@Suite struct EnginePublishTests {
    @Test func unreadSnapshotsAreNotBuiltButReadersNeverSeeAStaleOne() async throws {
        let server = try await ChaosServer.start()
        let config = try ConfigLoader(environment: [:]).parse(
            yaml: """
                endpoints:
                  - { name: ok, url: "\(server.url(for: "/ok"))", interval: 100ms }
                """, sourcePath: "publish.yaml")
        let refresh = Duration.milliseconds(200)
        let engine = Engine(config: config, options: EngineOptions(source: "publish.yaml", refresh: refresh))
        engine.start()
        let started = engine.published.withLock { $0.at }

        // Nobody reads: the publisher skips every refresh, so the stored snapshot stays the
        // one published at start.
        try await Task.sleep(for: .seconds(1))
        let stored = engine.published.withLock { $0.at }
        #expect(stored == started, "no snapshot was built for nobody")

        // A reader gets a fresh one all the same, built on demand.
        let fresh = engine.latest()
        #expect(fresh.scheduler.probesTotal >= 1)
        #expect(engine.published.withLock { $0.at } > started)
        #expect(fresh.uptime >= .milliseconds(900), "\(fresh.uptime)")

        // While someone reads every refresh, the publisher builds every refresh again.
        var uptimes: Set<Duration> = []
        for _ in 0..<6 {
            uptimes.insert(engine.latest().uptime)
            try await Task.sleep(for: refresh)
        }
        #expect(uptimes.count >= 3, "\(uptimes)")

        await engine.stop()
        try await server.stop()
    }
}
