import Synchronization
import Testing

@testable import Resilience

/// Polls a condition with a real-time deadline (never a fixed sleep hiding a race).
enum TestPoll {
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// Returns once `condition` holds; throws (failing the test) after `timeout`.
    static func until(
        _ what: String, timeout: Duration = .seconds(30), _ condition: () -> Bool
    ) async throws {
        let start = ContinuousClock.now
        var spins = 0
        while !condition() {
            if ContinuousClock.now - start > timeout { throw TimedOut(what: what) }
            spins += 1
            if spins < 200 { await Task.yield() } else { try await Task.sleep(for: .milliseconds(1)) }
        }
    }
}

/// A latch tests open by hand: `wait()` suspends until `open()`.
final class TestGate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// How many tasks are waiting at the gate.
    var waiting: Int { state.withLock { $0.waiters.count } }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A thread-safe list tests append to from many tasks.
final class TestLog<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}

/// Tracks how many tasks are inside a section at once, and the most ever.
final class ConcurrencyProbe: Sendable {
    private let current = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    var maxSeen: Int { peak.load(ordering: .relaxed) }
    var now: Int { current.load(ordering: .relaxed) }

    func enter() {
        let value = current.wrappingAdd(1, ordering: .relaxed).newValue
        var seen = peak.load(ordering: .relaxed)
        while value > seen {
            let (exchanged, original) = peak.compareExchange(
                expected: seen, desired: value, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    func leave() { current.wrappingSubtract(1, ordering: .relaxed) }
}

/// A counter shared by many tasks.
final class TestCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() { value.wrappingAdd(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}
