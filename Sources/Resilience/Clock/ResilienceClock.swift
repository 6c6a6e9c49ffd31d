/// The time source injected into every `Resilience` owner type.
///
/// A protocol rather than `any Clock<Duration>` so that `now()` returns the plain
/// ``Instant`` the state machines take, and tests can substitute ``ManualClock``.
public protocol ResilienceClock: Sendable {
    /// The current instant.
    func now() -> Instant

    /// Suspends until `deadline`, or throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Instant) async throws
}

extension ResilienceClock {
    /// Suspends for `duration`, or throws `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now().advanced(by: duration))
    }
}
