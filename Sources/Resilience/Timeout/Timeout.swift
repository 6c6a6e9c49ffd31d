/// Runs `operation` with a time limit measured on `clock`; on expiry the operation is cancelled
/// and ``TimeoutError`` is thrown.
///
/// Structured: the operation and the timer are two child tasks of a task group, and the group
/// does not return until both have ended, so nothing outlives the call. The flip side is that an
/// operation which ignores cancellation delays the throw until it returns; every operation in
/// ethotop (the libcurl probe, clock sleeps, ``Bulkhead`` waits) honours cancellation.
///
/// A limit of zero or less times out at once without starting the operation. If the operation
/// finishes in the same instant the timer fires, whichever child the group sees first wins.
///
/// - Parameters:
///   - duration: the time limit.
///   - clock: the clock the limit is measured on (a ``ManualClock`` in tests).
///   - operation: the work; it should honour cancellation.
/// - Returns: the operation's result, if it finished in time.
/// - Throws: ``TimeoutError``, the operation's own error, or `CancellationError` when the
///   calling task is cancelled.
public func withTimeout<T: Sendable>(
    _ duration: Duration, clock: any ResilienceClock = SystemClock.shared,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    switch try await race(duration, clock: clock, operation: operation) {
    case .finished(let value): return value
    case .expired: throw TimeoutError(duration: duration)
    }
}

/// Runs `operation` with a time limit; on expiry the operation is cancelled and `defaultValue`
/// is returned instead.
///
/// Only the timeout is replaced by the default: the operation's own errors and cancellation of
/// the caller still throw.
///
/// - Parameters:
///   - duration: the time limit.
///   - clock: the clock the limit is measured on.
///   - defaultValue: what to return when the limit passes.
///   - operation: the work; it should honour cancellation.
public func withTimeout<T: Sendable>(
    _ duration: Duration, clock: any ResilienceClock = SystemClock.shared, default defaultValue: T,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    switch try await race(duration, clock: clock, operation: operation) {
    case .finished(let value): return value
    case .expired: return defaultValue
    }
}

/// Races `operation` against a timer in a task group and cancels the loser; returns `.expired`
/// rather than throwing so that a ``TimeoutError`` thrown *by* the operation (a nested timeout)
/// is never mistaken for this one's.
private func race<T: Sendable>(
    _ duration: Duration, clock: any ResilienceClock, operation: @escaping @Sendable () async throws -> T
) async throws -> TimeoutRace<T> {
    if duration <= .zero { return .expired }
    try Task.checkCancellation()
    let deadline = clock.now().advanced(by: duration)
    return try await withThrowingTaskGroup(of: TimeoutRace<T>.self) { group in
        group.addTask { .finished(try await operation()) }
        group.addTask {
            try await clock.sleep(until: deadline)
            return .expired
        }
        defer { group.cancelAll() }
        // Either child may throw: the operation its own error, the timer CancellationError when
        // the caller is cancelled. Both propagate as they are; the group then waits for the
        // other (cancelled) child before returning, so nothing leaks.
        guard let first = try await group.next() else { return .expired }
        return first
    }
}

/// Which child of the timeout race finished first.
private enum TimeoutRace<T: Sendable>: Sendable {
    case finished(T)
    case expired
}
