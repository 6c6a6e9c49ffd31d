import Dispatch
import Foundation
import Monitor
import NIOCore
import Synchronization

/// Feeds every `/v1/stream` client: each refresh, the events newer than what a client has, then
/// one snapshot line — each encoded once and shared by every client's queue.
///
/// A client joins with `hello`, what it missed (`?after=SEQ`: the events still in the ring, and a
/// `gap` line for those that are not) and the latest snapshot, at once, so a screen draws its first
/// frame without waiting a refresh. The hub holds its lock only to read and advance the clients'
/// cursors and to queue bytes, never while encoding.
final class StreamHub: Sendable {
    private struct Member {
        var client: StreamClient
        /// The newest event sequence number queued to it.
        var sent: UInt64
    }

    private struct State {
        var members: [ObjectIdentifier: Member] = [:]
    }

    private let engine: any AgentEngine
    private let state = Mutex(State())
    private let hello: @Sendable (_ screens: Int) -> [UInt8]
    /// The refresh loop's timer, on a queue of its own (not Swift's cooperative pool, so the
    /// stream keeps its pace whatever else the process awaits). Dispatch sources are
    /// thread-safe.
    nonisolated(unsafe) private let timer = DispatchSource.makeTimerSource(
        queue: DispatchQueue(label: "ethotop.agent.stream"))

    /// A hub over `engine`; `hello` encodes the hello line's agent document for a screen count.
    init(engine: any AgentEngine, hello: @escaping @Sendable (_ screens: Int) -> [UInt8]) {
        self.engine = engine
        self.hello = hello
        // Active but unscheduled until ``start()``: Dispatch traps on releasing an inactive source.
        timer.activate()
    }

    deinit { timer.cancel() }

    /// Screens attached now.
    var count: Int { state.withLock { $0.members.count } }

    /// Starts the refresh loop.
    func start() {
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.tick()
            // The refresh may change with a reload.
            self.timer.schedule(deadline: .now() + self.engine.refresh.timeInterval)
        }
        timer.schedule(deadline: .now() + engine.refresh.timeInterval)
    }

    /// Stops the refresh loop.
    func stop() { timer.cancel() }

    /// Adds `client`: queues its hello, missed events (or a gap) and the latest snapshot.
    func join(_ client: StreamClient, after: UInt64?) {
        let snapshot = Self.snapshotLine(engine.latest())
        let encoder = SnapshotJSONEncoder()
        let overflow = state.withLock { state -> Int? in
            var events = engine.events(after: after ?? 0)
            var gap: (UInt64, UInt64)?
            if let after, after > 0 {
                if let first = events.first, first.sequence > after + 1 {
                    gap = (after + 1, first.sequence - 1)
                } else if events.isEmpty, let newest = engine.events(after: 0).last?.sequence, newest < after
                {
                    // Sequence numbers from an earlier agent: this one's are all new to the screen.
                    events = engine.events(after: 0)
                }
            }
            var lines = hello(state.members.count + 1) + [0x0A]
            if let gap { lines += Self.gapLine(from: gap.0, to: gap.1) }
            for event in events {
                guard let line = try? encoder.line(for: event) else { continue }
                lines += Array(line.utf8) + [0x0A]
            }
            // With nothing to send, the cursor is the newest event (never beyond it: a screen that
            // remembers a higher number from an earlier agent would miss this one's events).
            let sent = events.last?.sequence ?? min(after ?? 0, engine.events(after: 0).last?.sequence ?? 0)
            state.members[ObjectIdentifier(client)] = Member(client: client, sent: sent)
            return client.send([ByteBuffer(bytes: lines)] + snapshot)
        }
        if let overflow { dropped(client, queued: overflow) }
    }

    /// Removes `client` (its connection closed).
    func leave(_ client: StreamClient) {
        _ = state.withLock { $0.members.removeValue(forKey: ObjectIdentifier(client)) }
    }

    /// One refresh: new events and a snapshot to every client.
    func tick() {
        guard let oldest = state.withLock({ $0.members.values.map(\.sent).min() }) else { return }
        let events = engine.events(after: oldest)
        let encoder = SnapshotJSONEncoder()
        let eventLines = events.compactMap { event in
            (try? encoder.line(for: event)).map { (event.sequence, Array($0.utf8) + [0x0A]) }
        }
        let snapshot = Self.snapshotLine(engine.latest())
        var drops: [(StreamClient, Int)] = []
        state.withLock { state in
            for (key, member) in state.members {
                let fresh = eventLines.filter { $0.0 > member.sent }
                var eventBytes = fresh.flatMap(\.1)
                // Events that left the ring before this client got them: say which.
                if let first = fresh.first?.0, first > member.sent + 1 {
                    eventBytes = Self.gapLine(from: member.sent + 1, to: first - 1) + eventBytes
                }
                let buffers = (eventBytes.isEmpty ? [] : [ByteBuffer(bytes: eventBytes)]) + snapshot
                state.members[key]?.sent = fresh.last?.0 ?? member.sent
                if let overflow = member.client.send(buffers) { drops.append((member.client, overflow)) }
            }
        }
        for (client, queued) in drops { dropped(client, queued: queued) }
    }

    /// Forgets a client dropped for not reading and says so in the event log.
    private func dropped(_ client: StreamClient, queued: Int) {
        leave(client)
        engine.note(
            "dropped stream client \(client.author): it stopped reading (\(queued / 1024) KiB unsent)")
    }

    /// `{"missed_from":N,"missed_to":M,"type":"gap"}` and a newline.
    static func gapLine(from: UInt64, to: UInt64) -> [UInt8] {
        Array("{\"missed_from\":\(from),\"missed_to\":\(to),\"type\":\"gap\"}\n".utf8)
    }

    /// The snapshot line, `\n`-terminated, in buffers of about 64 KiB.
    static func snapshotLine(_ snapshot: Snapshot) -> [ByteBuffer] {
        var buffers: [ByteBuffer] = []
        try? SnapshotJSONEncoder().writeLine(snapshot) { buffers.append(ByteBuffer(bytes: $0)) }
        buffers.append(ByteBuffer(bytes: [0x0A]))
        return buffers
    }
}

extension Duration {
    /// Seconds as a `DispatchTimeInterval`.
    fileprivate var timeInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
