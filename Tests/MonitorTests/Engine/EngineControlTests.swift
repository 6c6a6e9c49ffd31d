import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// Operator commands against a running engine: each is recorded as an event and takes effect
/// on the breakers and the schedule, per endpoint, per group and for all endpoints.
///
/// Every endpoint probes its own `/outage/{name}` path, so the server counts each endpoint's
/// requests apart and a test can switch one endpoint's outage on and off.
@Suite struct EngineControlTests {
    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          retry: { max_tries: 1 }
          breaker: { failure_threshold: 2, recovery_timeout: 1h }
        endpoints:
          - { name: a, group: edge, url: "\(server.url(for: "/outage/a"))" }
          - { name: b, group: edge, url: "\(server.url(for: "/outage/b"))" }
          - { name: c, group: core, url: "\(server.url(for: "/outage/c"))" }
        """
    }

    @Test func endpointCommandsTakeEffectAndBecomeEvents() async throws {
        try await EngineHarness.run(Self.config) { harness in
            let engine = harness.engine
            let requests = { (name: String) in harness.server.requestCount(path: "/outage/\(name)") }
            #expect(await eventually { ["a", "b", "c"].allSatisfy { requests($0) >= 1 } })

            // force-open: held open, nothing sent while the others keep probing.
            engine.send(ControlCommand(.forceOpen, .endpoint("a")))
            #expect(harness.state("a") == .forcedOpen, "applied before send returns")
            let heldAt = requests("a")
            let bAt = requests("b")
            #expect(
                await eventually {
                    requests("b") >= bAt + 3 && (harness.endpoint("a")?.requests.rejected ?? 0) >= 2
                })
            #expect(requests("a") <= heldAt + 1, "at most the probe already in flight")
            #expect(harness.transitions(of: "a").last?.reason == "operator: force-open")

            // release: a held-open breaker has no evidence, so it goes half-open and a trial decides.
            engine.send(ControlCommand(.release, .endpoint("a")))
            let released = try #require(harness.transitions(of: "a").last)
            #expect(released.from == .forcedOpen && released.to == .halfOpen)
            #expect(released.reason == "operator: release")
            #expect(await eventually { harness.state("a") == .closed })

            // disable: metrics only — failures are recorded but nothing is enforced.
            engine.send(ControlCommand(.disable, .endpoint("a")))
            harness.server.setOutage("a", on: true)
            #expect(await eventually { (harness.endpoint("a")?.breaker.consecutiveFailures ?? 0) >= 3 })
            #expect(harness.state("a") == .disabled)

            // release from disabled: closed again, and the recorded streak is judged at once.
            engine.send(ControlCommand(.release, .endpoint("a")))
            #expect(await eventually { harness.state("a") == .open })

            // try-now: the outage is over; the trial goes out at once instead of in an hour.
            harness.server.setOutage("a", on: false)
            engine.send(ControlCommand(.tryNow, .endpoint("a")))
            #expect(await eventually { harness.state("a") == .closed })
            #expect(
                containsInOrder(
                    harness.transitions(of: "a").map(\.reason),
                    ["operator: try-now", "1 of 1 trial call succeeded"]))

            // reset: an open breaker closes at once, its window cleared.
            harness.server.setOutage("a", on: true)
            #expect(await eventually { harness.state("a") == .open })
            harness.server.setOutage("a", on: false)
            engine.send(ControlCommand(.reset, .endpoint("a")))
            let reset = try #require(harness.endpoint("a"))
            #expect(reset.breaker.state == .closed)
            #expect(reset.breaker.consecutiveFailures == 0)

            // pause: polling stops while the others go on; resume probes at once.
            engine.send(ControlCommand(.pause, .endpoint("a")))
            #expect(harness.endpoint("a")?.paused == true)
            let pausedAt = requests("a")
            let cAt = requests("c")
            #expect(await eventually { requests("c") >= cAt + 3 })
            #expect(requests("a") <= pausedAt + 1, "at most the probe already in flight")
            engine.send(ControlCommand(.resume, .endpoint("a")))
            #expect(harness.endpoint("a")?.paused == false)
            #expect(await eventually { requests("a") > pausedAt + 1 })

            // Every command is an event naming its action and endpoint, in the order sent.
            let actions = harness.operatorEvents().compactMap { event -> ControlCommand.Action? in
                guard case .operatorAction(let action) = event.kind, event.endpoint == "a" else { return nil }
                return action
            }
            #expect(actions == [.forceOpen, .release, .disable, .release, .tryNow, .reset, .pause, .resume])
            #expect(harness.operatorEvents().first?.message == "a forced open by local user")
            #expect(harness.operatorEvents().allSatisfy { $0.author == "local user" })
            // The other endpoints were not touched.
            #expect(harness.transitions(of: "b").isEmpty && harness.transitions(of: "c").isEmpty)
        }
    }

    @Test func groupAndAllCommandsReachEveryMember() async throws {
        try await EngineHarness.run(Self.config) { harness in
            let engine = harness.engine
            let requests = { (name: String) in harness.server.requestCount(path: "/outage/\(name)") }
            let states = { ["a", "b", "c"].map { harness.state($0) } }
            #expect(await eventually { ["a", "b", "c"].allSatisfy { requests($0) >= 1 } })

            engine.send(ControlCommand(.forceOpen, .group("edge")))
            #expect(states() == [.forcedOpen, .forcedOpen, .closed])
            engine.send(ControlCommand(.release, .group("edge")))
            #expect(await eventually { states() == [.closed, .closed, .closed] })

            engine.send(ControlCommand(.disable, .all))
            #expect(states() == [.disabled, .disabled, .disabled])
            engine.send(ControlCommand(.release, .all))
            #expect(states() == [.closed, .closed, .closed])

            // pause all: nothing is probed for many intervals; resume all: everything is again.
            engine.send(ControlCommand(.pause, .all))
            let paused = harness.snapshot()
            #expect(paused.pausedAll)
            #expect(paused.endpoints.allSatisfy { $0.paused })
            let before = ["a", "b", "c"].map(requests)
            let uptime = paused.uptime
            #expect(await eventually { harness.snapshot().uptime >= uptime + .milliseconds(800) })
            let during = ["a", "b", "c"].map(requests)
            #expect(zip(before, during).allSatisfy { $1 <= $0 + 1 }, "\(before) → \(during)")
            engine.send(ControlCommand(.resume, .all))
            #expect(!harness.snapshot().pausedAll)
            #expect(
                await eventually { zip(during, ["a", "b", "c"].map(requests)).allSatisfy { $1 >= $0 + 2 } })

            // A group command trips only its group; reset all closes everything.
            harness.server.setOutage("c", on: true)
            #expect(await eventually { harness.state("c") == .open })
            harness.server.setOutage("c", on: false)
            engine.send(ControlCommand(.tryNow, .group("edge")))
            #expect(harness.state("c") == .open, "try-now for edge does not touch core")
            engine.send(ControlCommand(.reset, .all))
            #expect(states() == [.closed, .closed, .closed])

            // A command that matches nothing changes nothing and says so.
            engine.send(ControlCommand(.forceOpen, .endpoint("nope")))
            #expect(states() == [.closed, .closed, .closed])
            #expect(harness.events().last?.kind == .error)
            #expect(harness.events().last?.message == "no endpoint matches nope")

            let messages = harness.operatorEvents().map(\.message)
            #expect(
                messages == [
                    "group edge forced open by local user", "group edge released by local user",
                    "all endpoints disabled by local user", "all endpoints released by local user",
                    "all endpoints paused by local user", "all endpoints resumed by local user",
                    "group edge tried now by local user", "all endpoints reset by local user",
                ])
            #expect(harness.operatorEvents().allSatisfy { $0.endpoint == nil })
        }
    }
}

extension EngineControlTests {
    @Test func resumingOneEndpointAfterPauseAllResumesJustThatOne() async throws {
        try await EngineHarness.run(Self.config) { harness in
            let engine = harness.engine
            let requests = { (name: String) in harness.server.requestCount(path: "/outage/\(name)") }
            #expect(await eventually { ["a", "b", "c"].allSatisfy { requests($0) >= 1 } })

            engine.send(ControlCommand(.pause, .all))
            let before = ["a", "b", "c"].map(requests)
            engine.send(ControlCommand(.resume, .endpoint("a")))
            let snapshot = harness.snapshot()
            let pausedAll = snapshot.pausedAll
            #expect(!pausedAll, "not all endpoints are paused any more")
            #expect(snapshot.endpoints.map(\.paused) == [false, true, true])

            #expect(await eventually { requests("a") >= before[0] + 3 })
            #expect(requests("b") <= before[1] + 1 && requests("c") <= before[2] + 1)
        }
    }
}
