import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// Operator overrides (forced open, disabled, paused) survive a restart through the state file;
/// automatic breaker state does not; a corrupt state file is moved aside, never fatal.
@Suite struct EnginePersistenceTests {
    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          retry: { max_tries: 1 }
        endpoints:
          - { name: a, url: "\(server.url(for: "/outage/a"))" }
          - { name: b, url: "\(server.url(for: "/outage/b"))" }
          - { name: c, url: "\(server.url(for: "/outage/c"))" }
        """
    }

    @Test func overridesSurviveARestart() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = OperatorStateStore(url: directory.appendingPathComponent("ethotop/state.json"))

        try await EngineHarness.run(stateStore: store, Self.config) { harness in
            let requests = { (name: String) in harness.server.requestCount(path: "/outage/\(name)") }
            harness.engine.send(ControlCommand(.forceOpen, .endpoint("a")))
            harness.engine.send(ControlCommand(.pause, .endpoint("b")))
            harness.engine.send(ControlCommand(.disable, .endpoint("c")))
            await harness.engine.stop()

            // Written as each command was applied, atomically.
            let saved = store.load().state
            #expect(saved.endpoints["a"]?.hold == .forcedOpen)
            #expect(saved.endpoints["b"]?.paused == true && saved.endpoints["b"]?.hold == nil)
            #expect(saved.endpoints["c"]?.hold == .disabled)
            #expect(!saved.pausedAll)

            // A new engine from the same store starts with the overrides applied.
            let restarted = try EngineHarness.makeEngine(Self.config(harness.server), stateStore: store)
            let second = EngineHarness(server: harness.server, engine: restarted)
            #expect(second.state("a") == .forcedOpen)
            #expect(second.endpoint("b")?.paused == true)
            #expect(second.state("c") == .disabled)

            // Every request the first engine sent has reached the server (it closed its
            // connections on stop, and a request is counted before its connection's close).
            #expect(await eventually { harness.server.openConnections == 0 })
            let before = ["a", "b", "c"].map(requests)
            restarted.start()
            // c (disabled: metrics only) is probed; a (held open) and b (paused) are not.
            #expect(await eventually { requests("c") >= before[2] + 3 })
            #expect(requests("a") == before[0], "a forced-open breaker sends nothing")
            #expect(requests("b") == before[1], "a paused endpoint is not probed")
            #expect((second.endpoint("a")?.requests.rejected ?? 0) >= 1)

            // Releasing and resuming clears the file's overrides.
            restarted.send(ControlCommand(.release, .endpoint("a")))
            restarted.send(ControlCommand(.resume, .endpoint("b")))
            #expect(await eventually { requests("a") > before[0] && requests("b") > before[1] })
            let cleared = store.load().state
            #expect(cleared.endpoints["a"] == nil && cleared.endpoints["b"] == nil)
            #expect(cleared.endpoints["c"]?.hold == .disabled)
            await restarted.stop()
        }
    }

    @Test func pauseAllSurvivesARestartButAnAutomaticTripDoesNot() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = OperatorStateStore(url: directory.appendingPathComponent("state.json"))

        try await EngineHarness.run(stateStore: store) { server in
            """
            refresh: 50ms
            defaults:
              interval: 100ms
              retry: { max_tries: 1 }
              breaker: { failure_threshold: 1, recovery_timeout: 1h }
            endpoints:
              - { name: a, url: "\(server.url(for: "/outage/a"))" }
              - { name: tripped, url: "\(server.url(for: "/outage/tripped"))" }
            """
        } _: { harness in
            harness.server.setOutage("tripped", on: true)
            #expect(await eventually { harness.state("tripped") == .open })
            harness.engine.send(ControlCommand(.pause, .all))
            await harness.engine.stop()
            #expect(store.load().state.pausedAll)
            harness.server.setOutage("tripped", on: false)

            let yaml = """
                refresh: 50ms
                defaults:
                  interval: 100ms
                endpoints:
                  - { name: a, url: "\(harness.server.url(for: "/outage/a"))" }
                  - { name: tripped, url: "\(harness.server.url(for: "/outage/tripped"))" }
                """
            let restarted = try EngineHarness.makeEngine(yaml, stateStore: store)
            let second = EngineHarness(server: harness.server, engine: restarted)
            let snapshot = second.snapshot()
            #expect(snapshot.pausedAll)
            // The trip was the breaker's own judgement, not an operator's: it starts closed.
            #expect(second.state("tripped") == .closed)

            #expect(await eventually { harness.server.openConnections == 0 })
            let before = harness.server.requestCount(path: "/outage/a")
            restarted.start()
            let uptime = second.snapshot().uptime
            #expect(await eventually { second.snapshot().uptime >= uptime + .milliseconds(500) })
            #expect(harness.server.requestCount(path: "/outage/a") == before, "paused across the restart")
            restarted.send(ControlCommand(.resume, .all))
            #expect(await eventually { harness.server.requestCount(path: "/outage/a") > before })
            #expect(!store.load().state.pausedAll)
            await restarted.stop()
        }
    }

    @Test func aCorruptStateFileIsMovedAsideAndReported() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("state.json")
        try Data("{ not json".utf8).write(to: url)
        let store = OperatorStateStore(url: url)

        try await EngineHarness.run(stateStore: store, Self.config) { harness in
            let warning = harness.events().first { $0.kind == .error }
            #expect(
                warning?.message.contains("is not valid state JSON; moved to") == true, "\(harness.events())")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(names.contains { $0.hasPrefix("state.json.corrupt-") }, "\(names)")
            // The engine runs normally, with no overrides.
            #expect(await eventually { (harness.endpoint("a")?.requests.succeeded ?? 0) >= 1 })
            #expect(harness.snapshot().endpoints.allSatisfy { $0.breaker.state == .closed && !$0.paused })
        }
    }
}
