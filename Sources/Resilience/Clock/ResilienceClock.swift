/// The time source injected into every `Resilience` owner type.
///
/// A protocol rather than `any Clock<Duration>` so that `now()` returns the plain
/// ``Instant`` the state machines take, and tests can substitute ``ManualClock``.
public protocol ResilienceClock: Sendable {
    /// The current instant.
    func now() -> Instant

    /// Suspends until `deadline`, or throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Instant) async throws

    /// A timer on this clock (see ``ResilienceTimer``).
    ///
    /// `realTime` makes a timer served by an event loop that keeps real monotonic time. A clock
    /// that follows real time returns it: the caller chooses which loop times its sleeps. A clock
    /// that keeps its own time (``ManualClock``) returns a timer of its own and ignores it. The
    /// choice is the clock's, so no caller ever asks which clock it was given.
    func makeTimer(realTime: () -> any ResilienceTimer) -> any ResilienceTimer
}

extension ResilienceClock {
    /// Suspends for `duration`, or throws `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now().advanced(by: duration))
    }
}
