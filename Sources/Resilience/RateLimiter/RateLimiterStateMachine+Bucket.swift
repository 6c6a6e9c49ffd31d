extension RateLimiterStateMachine {
    /// Adds the credits accrued since `lastRefill`, up to ``ceiling``. An instant earlier than
    /// `lastRefill` changes nothing (time never runs backwards for the bucket).
    mutating func refill(now: Instant) {
        guard now > lastRefill else { return }
        let missing = ceiling - credits
        if missing > 0 {
            let (elapsed, overflow) = now.nanoseconds.subtractingReportingOverflow(lastRefill.nanoseconds)
            // 64 × 64 bits: cannot overflow 128.
            let added = Int128(elapsed) * Int128(configuration.refillPerNanosecond)
            credits = (overflow || added >= missing) ? ceiling : credits + added
        }
        lastRefill = now
    }

    /// Most credits the bucket may hold: `burst` permits, plus one for each queued waiter.
    ///
    /// A permit that accrues while someone waits is already that waiter's, even if the owner's
    /// timer ticks a little late; capping it at `burst` would lose rate on every late wake-up
    /// (with `burst: 1`, every grant). When waiters leave without a permit, their share is
    /// trimmed back (``trimToCeiling()``), so an idle bucket never holds more than `burst`.
    var ceiling: Int128 {
        if queue.isEmpty { return configuration.capacity }
        let (owed, overflow) = Int128(queue.count).multipliedReportingOverflow(by: configuration.permitCost)
        let (sum, overflow2) = configuration.capacity.addingReportingOverflow(owed)
        return overflow || overflow2 ? .max : sum
    }

    /// Drops credits above ``ceiling`` after waiters left the queue without a permit.
    mutating func trimToCeiling() {
        credits = Swift.min(credits, ceiling)
    }

    /// How long after `lastRefill` the waiter at queue index `position` (0 = head, or the next
    /// arrival when `position == queueDepth`) will have its permit, if waiters are served as
    /// permits accrue; `nil` when that is too far to represent.
    func waitForPermit(position: Int) -> Duration? {
        let (needed, overflow) = Int128(position + 1).multipliedReportingOverflow(
            by: configuration.permitCost)
        guard !overflow else { return nil }
        let deficit = needed - credits
        guard deficit > 0 else { return .zero }
        let rate = Int128(configuration.refillPerNanosecond)
        let wait = deficit / rate + (deficit % rate == 0 ? 0 : 1)
        guard let nanoseconds = Int64(exactly: wait) else { return nil }
        return .nanoseconds(nanoseconds)
    }

    /// Applies a new configuration at `now` (a config reload), keeping the permits in the bucket
    /// (capped at the new burst) and the queue order.
    ///
    /// Waiters beyond the new `maxQueue` are rejected from the tail with `queueFull`; deadlines are
    /// brought forward to `now + maxWait` when that is earlier; a waiter the new rate cannot serve
    /// before its deadline then leaves with `waitedTooLong` when the deadline passes.
    public mutating func reconfigure(_ newConfiguration: RateLimiterConfiguration, now: Instant) -> TickAction
    {
        refill(now: now)
        let oldCost = configuration.permitCost
        let permits = credits / oldCost
        let fraction = credits % oldCost
        configuration = newConfiguration
        let newCost = newConfiguration.permitCost
        if permits >= Int128(newConfiguration.burst) + Int128(queue.count) {
            credits = ceiling
        } else {
            // Whole permits stay whole; the accruing fraction keeps its share of a permit.
            // Both costs are below 2^63, so fraction × newCost fits in 128 bits.
            let scaled = fraction * newCost / oldCost
            let (whole, overflow) = permits.multipliedReportingOverflow(by: newCost)
            credits = overflow ? ceiling : Swift.min(whole &+ scaled, ceiling)
        }
        var action = TickAction()
        if queue.count > newConfiguration.maxQueue {
            for waiter in queue.removeLast(queue.count - newConfiguration.maxQueue) {
                counters.rejectedQueueFull += 1
                action.rejected.append(
                    .init(id: waiter.id, error: .queueFull(maxQueue: newConfiguration.maxQueue)))
            }
            trimToCeiling()
        }
        queue.clampDeadlines(to: lastRefill.advanced(by: newConfiguration.maxWait))
        let ticked = tick(now: now)
        action.granted = ticked.granted
        action.rejected += ticked.rejected
        action.nextWakeUp = ticked.nextWakeUp
        return action
    }

    /// Metrics at `now`, without changing the state (the bucket's refill is computed on a copy).
    ///
    /// `includeWaitPercentiles: false` skips the sort of recent wait times, for callers that want
    /// the O(1) part under a lock and the percentiles outside it.
    public func snapshot(now: Instant, includeWaitPercentiles: Bool = true) -> RateLimiterSnapshot {
        var bucket = self
        bucket.refill(now: now)
        let cost = configuration.permitCost
        let untilNext = bucket.waitForPermit(position: queue.count) ?? .nanoseconds(Int64.max)
        var snapshot = RateLimiterSnapshot(
            configuration: configuration,
            permitsAvailable: queue.isEmpty ? Double(bucket.credits) / Double(cost) : 0,
            queueDepth: queue.count,
            queuePeak: counters.queuePeak,
            timeToNextPermit: untilNext,
            granted: counters.handedOut - counters.refunded,
            rejectedQueueFull: counters.rejectedQueueFull,
            rejectedWait: counters.rejectedWait + counters.expired,
            cancelled: counters.cancelled)
        if includeWaitPercentiles {
            let waits = waitTimes.summary(now: bucket.lastRefill, detail: false)
            snapshot.waitSamples = waits.count
            snapshot.waitP50 = waits.p50
            snapshot.waitP90 = waits.p90
            snapshot.waitP99 = waits.p99
            snapshot.waitMax = waits.max
        }
        return snapshot
    }
}
