import AgentClient
import Foundation
import Monitor
import Resilience
import TestSupport
import Testing

/// The link's state machine, transition by transition, on explicit instants.
@Suite struct AgentLinkMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)
    var random = SplitMix64(seed: 7)

    @Test mutating func startConnectsAtOnceAndOnlyOnce() {
        var machine = AgentLinkMachine()
        #expect(machine.start() == .connect)
        #expect(machine.state == .connecting(attempt: 1, lostSince: nil))
        #expect(machine.start() == .none)
    }

    @Test mutating func helloMakesItStreaming() {
        var machine = AgentLinkMachine()
        _ = machine.start()
        machine.helloReceived(pid: 812, screens: 2, wallClock: t0)
        #expect(machine.state == .streaming(since: t0, pid: 812, screens: 2))
        machine.screensChanged(to: 3)
        #expect(machine.state == .streaming(since: t0, pid: 812, screens: 3))
        machine.screensChanged(to: 2)
        #expect(machine.everConnected)
        let link = machine.link(address: "unix:/run/x.sock", now: .zero)
        #expect(link.isLive)
        #expect(link.agentPID == 812)
        #expect(link.screens == 2)
        #expect(link.attachedSince == t0)
    }

    @Test mutating func aLostStreamWaitsThenRetries() {
        var machine = AgentLinkMachine(base: .seconds(1), cap: .seconds(8))
        _ = machine.start()
        machine.helloReceived(pid: 1, screens: 1, wallClock: t0)
        let action = machine.failed(
            reason: "the agent ended the stream", now: .zero, wallClock: t0.addingTimeInterval(5),
            using: &random)
        guard case .wait(let retryAt) = action,
            case .lost(let since, let at, let attempt, let reason) = machine.state
        else {
            Issue.record("expected lost and a wait, got \(machine.state)")
            return
        }
        #expect(retryAt == at)
        #expect(since == t0.addingTimeInterval(5))
        #expect(attempt == 1)
        #expect(reason == "the agent ended the stream")
        // Equal jitter: between half the ceiling and the ceiling (1 s for the first retry).
        #expect(retryAt >= Instant.zero + .milliseconds(500) && retryAt <= Instant.zero + .seconds(1))
        let link = machine.link(address: "a", now: .zero)
        #expect(link.lostSince == since && link.everConnected && !link.isLive)
        #expect(link.retryIn == Instant.zero.duration(to: retryAt))
        // Not yet due: keep waiting.
        #expect(machine.retryDue(now: .zero) == .wait(until: retryAt))
        #expect(machine.retryDue(now: retryAt) == .connect)
        #expect(machine.state == .connecting(attempt: 2, lostSince: since))
    }

    /// Each failed attempt doubles the ceiling up to the cap; `since` stays the first failure.
    @Test mutating func theBackoffGrowsToItsCapAndKeepsTheFirstFailureTime() {
        var machine = AgentLinkMachine(base: .seconds(1), cap: .seconds(4))
        _ = machine.start()
        var now = Instant.zero
        var ceilings: [Duration] = []
        for step in 0..<5 {
            let wall = t0.addingTimeInterval(Double(step))
            guard
                case .wait(let retryAt) = machine.failed(
                    reason: "refused", now: now, wallClock: wall, using: &random)
            else {
                Issue.record("no wait at step \(step)")
                return
            }
            if case .lost(let since, _, _, _) = machine.state { #expect(since == t0) }
            ceilings.append(now.duration(to: retryAt))
            now = retryAt
            #expect(machine.retryDue(now: now) == .connect)
        }
        let limits: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)]
        for (delay, limit) in zip(ceilings, limits) {
            #expect(delay <= limit && delay >= limit / 2, "delay \(delay) outside [\(limit / 2), \(limit)]")
        }
    }

    /// A hello after reconnecting resets the attempts: the next loss starts from the base again.
    @Test mutating func aHelloResetsTheBackoff() {
        var machine = AgentLinkMachine(base: .seconds(1), cap: .seconds(30))
        _ = machine.start()
        var now = Instant.zero
        for _ in 0..<4 {
            guard case .wait(let at) = machine.failed(reason: "x", now: now, wallClock: t0, using: &random)
            else {
                return
            }
            now = at
            _ = machine.retryDue(now: now)
        }
        machine.helloReceived(pid: 2, screens: 1, wallClock: t0)
        guard case .wait(let at) = machine.failed(reason: "x", now: now, wallClock: t0, using: &random) else {
            Issue.record("no wait")
            return
        }
        #expect(now.duration(to: at) <= .seconds(1))
    }

    @Test mutating func neverConnectedSaysSo() {
        var machine = AgentLinkMachine()
        _ = machine.start()
        _ = machine.failed(reason: "no such socket", now: .zero, wallClock: t0, using: &random)
        let link = machine.link(address: "unix:/nope", now: .zero)
        #expect(!link.everConnected)
        #expect(link.lostSince == t0)
        #expect(link.reason == "no such socket")
    }

    /// Events that do not apply to a state change nothing.
    @Test mutating func strayEventsAreIgnored() {
        var machine0 = AgentLinkMachine()
        machine0.screensChanged(to: 3)
        #expect(machine0.state == .idle)
        var machine = AgentLinkMachine()
        #expect(machine.failed(reason: "x", now: .zero, wallClock: t0, using: &random) == .none)
        #expect(machine.retryDue(now: .zero) == .none)
        machine.helloReceived(pid: 1, screens: 1, wallClock: t0)
        #expect(machine.state == .idle)
    }
}
