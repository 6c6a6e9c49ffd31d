public import Foundation
public import Resilience

/// Converts the engine's monotonic instants to wall-clock dates for display.
///
/// Taken once at start: the monotonic clock drives every decision, the wall clock only labels.
public struct TimeBase: Sendable {
    /// The monotonic instant at start.
    public var startInstant: Instant
    /// The wall-clock date at start.
    public var startDate: Date

    /// Pairs an instant with the date it happened at.
    public init(startInstant: Instant, startDate: Date) {
        self.startInstant = startInstant
        self.startDate = startDate
    }

    /// The wall-clock date of `instant`.
    public func date(_ instant: Instant) -> Date {
        startDate.addingTimeInterval(startInstant.duration(to: instant).seconds)
    }
}
