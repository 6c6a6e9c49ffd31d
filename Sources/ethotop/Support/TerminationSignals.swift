import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT and SIGTERM into an awaitable event, so `watch` and `serve` stop cleanly (flush,
/// close sockets, stop the engine) and exit 0 instead of dying mid-write.
///
/// Create it *before* starting work: from then on the signals' default action (terminate) is
/// replaced by ``SignalPipe``'s handler, so a signal that arrives before ``wait()`` is called is
/// remembered, not lost.
final class TerminationSignals: Sendable {
    private struct State {
        var received: Int32?
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Int32?, Never>] = [:]
    }

    private let state = Mutex(State())
    private let listener = Mutex<UInt64?>(nil)

    /// Starts catching `signals` (default SIGINT and SIGTERM). They stay ignored for the rest of
    /// the process: this is meant to live as long as the command that made it.
    init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        let id = SignalPipe.shared.listen(to: signals) { [weak self] number in self?.deliver(number) }
        listener.withLock { $0 = id }
    }

    deinit {
        if let id = listener.withLock({ $0 }) { SignalPipe.shared.stopListening(id) }
    }

    /// The first signal received so far, if any.
    var received: Int32? { state.withLock { $0.received } }

    /// Waits for the first signal; returns `nil` if the waiting task is cancelled first.
    func wait() async -> Int32? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
                let immediate: Int32?? = state.withLock { state in
                    if let received = state.received { return .some(received) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }

    private func deliver(_ number: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int32?, Never>] in
            if state.received == nil { state.received = number }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: number) }
    }
}

extension TerminationSignals {
    /// Runs `work` until it finishes or a signal arrives, whichever is first, then cancels the
    /// other; returns the signal, if that is what ended it.
    @discardableResult
    func run(until work: @escaping @Sendable () async -> Void) async -> Int32? {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                await work()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? received
        }
    }
}
