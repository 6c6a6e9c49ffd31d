public import Resilience

/// Events per second over the last few seconds, in one-second buckets.
///
/// Fixed memory (a ring of ``bucketCount`` counters), O(1) to record and to read: cheap enough
/// for every attempt of 10,000 endpoints.
public struct RateCounter: Sendable, Equatable {
    /// Seconds in the window.
    public static let bucketCount = 5

    private var counts = [Int](repeating: 0, count: RateCounter.bucketCount)
    private var epochs = [Int64](repeating: -1, count: RateCounter.bucketCount)

    /// An empty counter.
    public init() {}

    /// Counts one event at `now`.
    public mutating func record(now: Instant) {
        let second = now.nanoseconds / 1_000_000_000
        let index = Int(second % Int64(Self.bucketCount))
        if epochs[index] != second {
            epochs[index] = second
            counts[index] = 0
        }
        counts[index] += 1
    }

    /// Events per second over the complete seconds of the window before `now`.
    public func perSecond(now: Instant) -> Double {
        let current = now.nanoseconds / 1_000_000_000
        var total = 0
        for index in 0..<Self.bucketCount {
            let age = current - epochs[index]
            if age >= 1 && age <= Int64(Self.bucketCount - 1) { total += counts[index] }
        }
        return Double(total) / Double(Self.bucketCount - 1)
    }
}
