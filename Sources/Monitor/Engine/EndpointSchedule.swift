public import Resilience

/// When one endpoint's probes are due: a fixed grid of slots, so the schedule never drifts.
///
/// Slot `k` is at `origin + k × interval`; each probe is due at its slot plus a small jitter
/// (at most ``maxJitter``) that does not accumulate. When a probe overruns one or more slots,
/// the missed slots are skipped rather than fired back to back, so a probe never overlaps the
/// previous one of the same endpoint and a slow server is not hammered to catch up.
public struct EndpointSchedule: Sendable, Equatable {
    /// Time between probes.
    public var interval: Duration
    /// The grid's origin: the first slot.
    public private(set) var origin: Instant
    /// Index of the current slot.
    public private(set) var slot: Int64 = 0
    /// Largest jitter added to a slot.
    public var maxJitter: Duration

    /// A schedule whose first slot is spread into the interval.
    ///
    /// - Parameters:
    ///   - interval: time between probes.
    ///   - start: when the engine started.
    ///   - spreadIndex: this endpoint's position among `spreadCount` endpoints; the first probe is
    ///     at `start + interval × spreadIndex / spreadCount`, so a thousand endpoints with the same
    ///     interval do not all fire at once (no thundering herd at start).
    ///   - spreadCount: how many endpoints share the spread.
    public init(interval: Duration, start: Instant, spreadIndex: Int, spreadCount: Int) {
        let safeInterval = max(interval, .milliseconds(1))
        self.interval = safeInterval
        let count = Int64(max(spreadCount, 1))
        let offset = safeInterval.nanoseconds / count * Int64(max(spreadIndex, 0) % Int(count))
        origin = start.advanced(by: .nanoseconds(offset))
        // 2% of the interval, at most 50 ms: enough to break lock-step, too small to notice.
        maxJitter = min(.nanoseconds(safeInterval.nanoseconds / 50), .milliseconds(50))
    }

    /// The current slot's un-jittered instant.
    public var slotInstant: Instant {
        origin.advanced(
            by: .nanoseconds(interval.nanoseconds.multipliedReportingOverflow(by: slot).partialValue))
    }

    /// The instant the current slot's probe is due, given a jitter fraction in `0..<1`.
    public func due(jitterFraction: Double) -> Instant {
        let fraction = min(max(jitterFraction, 0), 1)
        return slotInstant.advanced(by: .nanoseconds(Int64(Double(maxJitter.nanoseconds) * fraction)))
    }

    /// Moves to the first slot strictly after `now` that follows the current one.
    ///
    /// Returns how many slots were skipped because the previous probe overran them.
    @discardableResult
    public mutating func advance(after now: Instant) -> Int64 {
        let next = slot + 1
        let nextInstant = origin.advanced(by: .nanoseconds(interval.nanoseconds &* next))
        guard nextInstant <= now else {
            slot = next
            return 0
        }
        let behind = nextInstant.duration(to: now).nanoseconds / interval.nanoseconds
        slot = next + behind + 1
        return behind + 1
    }
}
