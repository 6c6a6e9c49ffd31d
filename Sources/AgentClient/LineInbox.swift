import Synchronization

/// The lines read from the stream, waiting to be decoded: the reader never waits for the decoder.
///
/// At 10,000 endpoints a snapshot line is tens of MB and decoding it can take longer than the
/// agent's refresh on a loaded machine. If the socket were read only as fast as lines are decoded,
/// the agent's bounded per-screen buffer would fill and the agent would drop the screen, which
/// would reconnect and resynchronise, again and again. So the reader keeps reading, and a
/// snapshot line that a newer one arrives behind before it was decoded is dropped (only the
/// latest state matters); event lines are all kept, up to `maxEvents` (then the oldest go, and
/// the decoder is told how many). Memory is bounded by two snapshot lines and the events.
final class LineInbox: Sendable {
    private struct State {
        var lines: [[UInt8]] = []
        var droppedEvents = 0
        var supersededSnapshots = 0
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let maxEvents: Int

    /// An inbox holding at most `maxEvents` undecoded event lines.
    init(maxEvents: Int = 10_000) { self.maxEvents = max(1, maxEvents) }

    /// Whether `line` is a snapshot line: its first key is `endpoints` (keys are sorted, and no
    /// other line type has a key that sorts before it and starts the same way).
    static func isSnapshot(_ line: [UInt8]) -> Bool {
        line.starts(with: prefix)
    }

    private static let prefix = Array(#"{"endpoints":"#.utf8)

    /// Adds a line read from the stream.
    func put(_ line: [UInt8]) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if Self.isSnapshot(line), let old = state.lines.firstIndex(where: Self.isSnapshot) {
                state.lines.remove(at: old)
                state.supersededSnapshots += 1
            }
            state.lines.append(line)
            if state.lines.count > maxEvents + 1,
                let oldest = state.lines.firstIndex(where: { !Self.isSnapshot($0) })
            {
                state.lines.remove(at: oldest)
                state.droppedEvents += 1
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// No more lines will come.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Every line waiting, oldest first, and how many event lines were dropped since the last
    /// take; waits while there is none; `nil` once finished and empty.
    func take() async -> (lines: [[UInt8]], droppedEvents: Int)? {
        while true {
            let taken = state.withLock { state -> (lines: [[UInt8]], droppedEvents: Int)?? in
                if !state.lines.isEmpty {
                    defer {
                        state.lines = []
                        state.droppedEvents = 0
                    }
                    return .some((state.lines, state.droppedEvents))
                }
                return state.finished ? .some(nil) : .none
            }
            if let taken { return taken }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.lines.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Snapshot lines dropped because a newer one arrived before they were decoded.
    var superseded: Int { state.withLock { $0.supersededSnapshots } }
}
