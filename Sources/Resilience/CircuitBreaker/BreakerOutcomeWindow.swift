/// The sliding window behind a breaker's rate rules: fixed storage, O(1) amortised per record.
///
/// Count mode keeps the last N outcomes in a ring of N bytes (bit 0 failure, bit 1 slow) with
/// running totals. Time mode keeps B buckets of `duration / B` each, indexed by epoch
/// (`instant / width`), with running totals; moving to a later epoch clears the buckets that fell
/// out. Both arrays are allocated once, so recording never allocates. Reading totals at an instant
/// (`totals(at:)`) applies expiry without mutating, so snapshots stay free of side effects.
struct BreakerOutcomeWindow: Sendable {
    /// Calls, failures and slow calls.
    struct Totals: Sendable, Hashable {
        var calls = 0
        var failures = 0
        var slow = 0
    }

    private struct Bucket: Sendable {
        var epoch: Int64
        var calls = 0
        var failures = 0
        var slow = 0
    }

    private static let failureBit: UInt8 = 1
    private static let slowBit: UInt8 = 2

    /// `nil` in count mode; the bucket width in nanoseconds in time mode.
    private let bucketWidth: Int64?
    /// Count mode: the ring of outcome codes.
    private var ring: [UInt8]
    private var next = 0
    /// Time mode: the buckets, slot = epoch mod count.
    private var buckets: [Bucket]
    /// Time mode: the latest epoch recorded into; a call at an earlier instant (a clock that went
    /// backwards) is recorded into this head bucket.
    private var headEpoch: Int64
    /// Totals as of `headEpoch` (time) or over the ring (count).
    private(set) var totals = Totals()

    /// The window's capacity in calls (count mode), or `nil` for a time window.
    var capacity: Int? { bucketWidth == nil ? ring.count : nil }

    /// A window of the given shape, clamped to runnable bounds, starting at `now`.
    init(_ window: CircuitBreakerConfiguration.SlidingWindow, now: Instant) {
        switch window {
        case .count(let size):
            let size = min(max(1, size), CircuitBreakerConfiguration.maximumWindowCalls)
            bucketWidth = nil
            ring = Array(repeating: 0, count: size)
            buckets = []
            headEpoch = 0
        case .time(let duration, let count):
            let count = min(max(1, count), CircuitBreakerConfiguration.maximumWindowBuckets)
            let width = max(1, duration.nanoseconds / Int64(count))
            bucketWidth = width
            ring = []
            headEpoch = Self.epoch(of: now, width: width)
            buckets = Array(repeating: Bucket(epoch: headEpoch), count: count)
        }
    }

    /// Adds one call at `now`.
    mutating func record(failure: Bool, slow: Bool, now: Instant) {
        if let bucketWidth {
            let epoch = Self.epoch(of: now, width: bucketWidth)
            if epoch > headEpoch { advance(to: epoch) }
            let slot = Self.slot(headEpoch, count: buckets.count)
            buckets[slot].calls += 1
            if failure { buckets[slot].failures += 1 }
            if slow { buckets[slot].slow += 1 }
        } else {
            if totals.calls == ring.count {
                let old = ring[next]
                totals.calls -= 1
                if old & Self.failureBit != 0 { totals.failures -= 1 }
                if old & Self.slowBit != 0 { totals.slow -= 1 }
            }
            ring[next] = (failure ? Self.failureBit : 0) | (slow ? Self.slowBit : 0)
            next = next + 1 == ring.count ? 0 : next + 1
        }
        totals.calls += 1
        if failure { totals.failures += 1 }
        if slow { totals.slow += 1 }
    }

    /// Forgets every call (keeps the storage).
    mutating func clear() {
        totals = Totals()
        next = 0
        for index in buckets.indices { buckets[index] = Bucket(epoch: headEpoch) }
    }

    /// The totals as they would be read at `now`: time buckets older than the window are left out.
    func totals(at now: Instant) -> Totals {
        guard let bucketWidth else { return totals }
        let epoch = Self.epoch(of: now, width: bucketWidth)
        if epoch <= headEpoch { return totals }
        let oldest = epoch.subtractingSaturating(Int64(buckets.count))
        var result = Totals()
        for bucket in buckets where bucket.epoch > oldest {
            result.calls += bucket.calls
            result.failures += bucket.failures
            result.slow += bucket.slow
        }
        return result
    }

    /// Moves the head to `epoch`, clearing every bucket that leaves the window.
    private mutating func advance(to epoch: Int64) {
        let count = Int64(buckets.count)
        if epoch.subtractingSaturating(headEpoch) >= count {
            totals = Totals()
            for index in buckets.indices { buckets[index] = Bucket(epoch: epoch) }
        } else {
            var current = headEpoch
            while current < epoch {
                current += 1
                let slot = Self.slot(current, count: buckets.count)
                totals.calls -= buckets[slot].calls
                totals.failures -= buckets[slot].failures
                totals.slow -= buckets[slot].slow
                buckets[slot] = Bucket(epoch: current)
            }
        }
        headEpoch = epoch
    }

    private static func epoch(of instant: Instant, width: Int64) -> Int64 {
        let quotient = instant.nanoseconds / width
        return instant.nanoseconds % width < 0 ? quotient - 1 : quotient
    }

    private static func slot(_ epoch: Int64, count: Int) -> Int {
        let remainder = Int(epoch % Int64(count))
        return remainder < 0 ? remainder + count : remainder
    }
}

extension Int64 {
    /// `self - other`, clamped to the representable range.
    fileprivate func subtractingSaturating(_ other: Int64) -> Int64 {
        let (result, overflow) = subtractingReportingOverflow(other)
        if overflow { return other > 0 ? .min : .max }
        return result
    }
}
