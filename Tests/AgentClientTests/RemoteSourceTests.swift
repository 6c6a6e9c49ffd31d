import Foundation
import Monitor
import Resilience
import Testing

@testable import AgentClient

/// What the source does with the stream's lines, without a socket: the lines are the agent's
/// JSON, decoded by the same code the connection uses.
@Suite struct RemoteSourceTests {
    let at = Date(timeIntervalSince1970: 1_767_225_600.25)

    func source() -> RemoteSource {
        RemoteSource(
            address: .unix("/nonexistent/control.sock"), clock: ManualClock(), wallClock: { [at] in at })
    }

    func line(_ text: String) throws -> StreamLine { try StreamLine.decode(Data(text.utf8)) }

    func eventLine(_ seq: UInt64, _ message: String) throws -> StreamLine {
        let event = Event(sequence: seq, at: at, kind: .info, endpoint: nil, message: message)
        return try line(try SnapshotJSONEncoder().line(for: event))
    }

    func hello(pid: Int, started: String = "2026-01-01T00:00:00.000Z", screens: Int = 1) throws -> StreamLine
    {
        try line(
            #"{"type":"hello","agent":{"pid":\#(pid),"started_at":"\#(started)","screens":\#(screens)}}"#)
    }

    @Test func beforeTheFirstSnapshotLatestIsEmptyAndTheLinkIsAttaching() {
        let source = source()
        #expect(source.latest().endpoints.isEmpty)
        #expect(!source.hasSnapshot)
        guard case .attached(let link) = source.link else {
            Issue.record("not attached")
            return
        }
        #expect(link.address == "unix:/nonexistent/control.sock")
        #expect(!link.isLive && link.lostSince == nil)
    }

    @Test func snapshotLinesReplaceTheLatest() throws {
        let source = source()
        let snapshot = Snapshot(
            source: "prod.yaml", generatedAt: at, uptime: .seconds(3), scheduler: SchedulerSnapshot(),
            endpoints: [
                EndpointSnapshot(name: "api", displayURL: "http://x/", breaker: BreakerView(state: .open))
            ],
            rateLimits: [])
        source.apply(try line(try SnapshotJSONEncoder().line(for: snapshot)))
        #expect(source.latest() == snapshot)
    }

    /// Agent events are renumbered locally, duplicates (a resumed stream) dropped, and the
    /// hello and gaps add notices of the screen's own.
    @Test func eventsAreRenumberedAndDeduplicated() throws {
        let source = source()
        source.state.withLock { _ = $0.machine.start() }  // connecting, as when the stream opens
        source.apply(try hello(pid: 812, screens: 2))
        source.apply(try eventLine(41, "a"))
        source.apply(try eventLine(42, "b"))
        source.apply(try eventLine(42, "b again"))
        source.apply(try line(#"{"type":"gap","missed_from":43,"missed_to":50}"#))
        source.apply(try eventLine(50, "old"))
        source.apply(try eventLine(51, "c"))
        let events = source.events(after: 0)
        #expect(events.map(\.message).count == 5)
        #expect(events.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(events[0].message == "attached to serve pid 812 on unix:/nonexistent/control.sock")
        #expect(events[1].message == "a" && events[2].message == "b")
        #expect(events[3].message.hasPrefix("missed events 43–50"))
        #expect(events[4].message == "c")
        #expect(source.state.withLock { $0.remoteSequence } == 51)
        guard case .attached(let link) = source.link else { return }
        #expect(link.agentPID == 812 && link.screens == 2)
    }

    /// A restarted agent numbers its events from 1 again: the screen still takes them.
    @Test func aRestartedAgentsEventsAreTaken() throws {
        let source = source()
        source.apply(try hello(pid: 812))
        source.apply(try eventLine(90, "before"))
        source.apply(try hello(pid: 813, started: "2026-01-01T00:05:00.000Z"))
        source.apply(try eventLine(1, "after restart"))
        #expect(source.events(after: 0).map(\.message).contains("after restart"))
    }

    @Test func unknownLineTypesAreIgnored() throws {
        let source = source()
        #expect(try line(#"{"type":"weather","sky":"blue"}"#) == .other("weather"))
        source.apply(try line(#"{"type":"weather"}"#))
        #expect(source.events(after: 0).isEmpty)
    }

    @Test func controlBodiesCarryExactlyOneTarget() throws {
        func body(_ command: ControlCommand) -> String {
            String(decoding: ControlRequest(command).json, as: UTF8.self)
        }
        #expect(
            body(ControlCommand(.reset, .endpoint("checkout")))
                == #"{"action":"reset","endpoint":"checkout"}"#)
        #expect(
            body(ControlCommand(.forceOpen, .group("shop"))) == #"{"action":"force_open","group":"shop"}"#)
        #expect(body(ControlCommand(.pause, .all)) == #"{"action":"pause","all":true}"#)
        #expect(
            AgentHTTP.errorMessage(Data(#"{"error":"no endpoint named 'x'"}"#.utf8))
                == "no endpoint named 'x'")
    }

    /// A command to an agent that is not there becomes an event on this screen, not a crash.
    @Test func aCommandThatCannotBeSentIsReported() async throws {
        let source = source()
        source.send(ControlCommand(.reset, .endpoint("checkout")))
        let deadline = ContinuousClock.now + .seconds(30)
        while source.events(after: 0).isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let message = try #require(source.events(after: 0).first?.message)
        #expect(message.hasPrefix("reset checkout not sent: "))
        #expect(message.contains("no such socket"))
    }
}
