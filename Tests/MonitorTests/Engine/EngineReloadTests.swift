import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// `Engine.reload`: unchanged endpoints keep their runtime (breaker, counters, operator holds),
/// changed ones are rebuilt, added ones start, removed ones go, and the reload is visible in the
/// very next read of the engine.
@Suite struct EngineReloadTests {
    static func config(_ server: ChaosServer, endpoints: [(name: String, extra: String)]) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          retry: { max_tries: 1 }
        endpoints:

        """
            + endpoints.map { name, extra in
                "  - { name: \(name), url: \"\(server.url(for: "/outage/\(name)"))\"\(extra) }"
            }.joined(separator: "\n")
    }

    @Test func reloadKeepsUnchangedEndpointsAndRebuildsTheRest() async throws {
        try await EngineHarness.run({ server in
            Self.config(server, endpoints: [("kept", ""), ("held", ""), ("tuned", ""), ("gone", "")])
        }) { harness in
            let server = harness.server
            harness.engine.send(ControlCommand(.forceOpen, .endpoint("held")))
            harness.engine.send(ControlCommand(.pause, .endpoint("gone")))
            #expect(
                await eventually {
                    let snapshot = harness.snapshot()
                    return ["kept", "tuned"].allSatisfy { name in
                        (snapshot.endpoints.first { $0.name == name }?.requests.total ?? 0) >= 3
                    }
                })
            let before = harness.snapshot()
            let keptBefore = try #require(before.endpoints.first { $0.name == "kept" })
            let tunedBefore = try #require(before.endpoints.first { $0.name == "tuned" })

            let next = try ConfigLoader(environment: [:]).parse(
                yaml: Self.config(
                    server,
                    endpoints: [("kept", ""), ("held", ""), ("tuned", ", interval: 200ms"), ("added", "")]),
                sourcePath: "e2e.yaml")
            harness.engine.reload(next)

            // The reload is visible to the next reader at once, without waiting for a refresh.
            let after = harness.engine.latest()
            #expect(after.endpoints.map(\.name) == ["kept", "held", "tuned", "added"])
            let reloadEvent = try #require(harness.events().last { $0.kind == .reload(accepted: true) })
            #expect(
                reloadEvent.message
                    == "config reloaded: 2 unchanged, 1 changed (tuned: timing), 1 added (added), 1 removed (gone)"
            )

            let kept = try #require(after.endpoints.first { $0.name == "kept" })
            let tuned = try #require(after.endpoints.first { $0.name == "tuned" })
            #expect(kept.requests.total >= keptBefore.requests.total, "unchanged: counters kept")
            #expect(tuned.requests.total < tunedBefore.requests.total, "changed: rebuilt")
            #expect(after.endpoints.first { $0.name == "held" }?.breaker.state == .forcedOpen, "hold kept")

            #expect(await eventually { server.requestCount(path: "/outage/added") >= 2 })
            #expect(server.requestCount(path: "/outage/held") <= 1, "still held open after the reload")
        }
    }
}

extension EngineReloadTests {
    @Test func anEndpointAddedWhileAllArePausedStartsPaused() async throws {
        try await EngineHarness.run({ server in Self.config(server, endpoints: [("kept", "")]) }) { harness in
            let server = harness.server
            harness.engine.send(ControlCommand(.pause, .all))
            harness.engine.reload(
                try ConfigLoader(environment: [:]).parse(
                    yaml: Self.config(server, endpoints: [("kept", ""), ("added", "")]),
                    sourcePath: "e2e.yaml"))
            let snapshot = harness.engine.latest()
            let pausedAll = snapshot.pausedAll
            #expect(pausedAll)
            #expect(snapshot.endpoints.map(\.paused) == [true, true])

            // Resuming the one that was there does not wake the one the reload added.
            harness.engine.send(ControlCommand(.resume, .endpoint("kept")))
            let keptAt = server.requestCount(path: "/outage/kept")
            #expect(await eventually { server.requestCount(path: "/outage/kept") >= keptAt + 3 })
            #expect(server.requestCount(path: "/outage/added") == 0)
        }
    }
}
