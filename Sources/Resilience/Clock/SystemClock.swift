/// The real monotonic clock: `ContinuousClock` measured from the moment the clock was made.
public struct SystemClock: ResilienceClock {
    private let origin: ContinuousClock.Instant

    /// A clock whose origin is now.
    public init() { origin = ContinuousClock.now }

    /// A process-wide clock, so instants from different owners can be compared.
    public static let shared = SystemClock()

    /// The current instant.
    public func now() -> Instant {
        Instant(nanoseconds: origin.duration(to: ContinuousClock.now).nanoseconds)
    }

    /// Suspends until `deadline`.
    public func sleep(until deadline: Instant) async throws {
        try await ContinuousClock().sleep(until: origin.advanced(by: .nanoseconds(deadline.nanoseconds)))
    }
}
