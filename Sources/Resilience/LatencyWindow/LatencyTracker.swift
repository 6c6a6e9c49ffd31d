import Synchronization

/// A thread-safe ``LatencyWindow`` with its own clock: what the engine keeps per endpoint.
///
/// `record` holds the lock for a few nanoseconds; `summary` copies the window out under the lock
/// (a copy-on-write reference, no element copy) and sorts or merges outside it, so a dashboard
/// refresh never stalls the probes that record.
public final class LatencyTracker: Sendable {
    private let window: Mutex<LatencyWindow>
    private let clock: any ResilienceClock

    /// A tracker with an empty window, reading time from `clock`.
    public init(
        configuration: LatencyWindowConfiguration = .init(), clock: any ResilienceClock = SystemClock.shared
    ) {
        self.window = Mutex(LatencyWindow(configuration: configuration))
        self.clock = clock
    }

    /// Records one completed call's latency, now.
    public func record(_ latency: Duration) {
        window.withLock { $0.record(latency, now: clock.now()) }
    }

    /// Records a failed call (a gap in the sparkline; percentiles are unchanged).
    public func recordFailure() {
        window.withLock { $0.recordFailure() }
    }

    /// Percentiles, extremes, histogram bars and recent samples over the window ending now.
    public func summary(detail: Bool = true) -> LatencyWindowSummary {
        let (copy, now) = window.withLock { ($0, clock.now()) }
        return copy.summary(now: now, detail: detail)
    }

    /// Memory held by the window (see ``LatencyWindow/footprintBytes``).
    public var footprintBytes: Int { window.withLock { $0.footprintBytes } }
}
