/// The rate limiter's logic as a value: a token bucket and a FIFO queue of waiter ids.
///
/// No clock, no lock, no side effects: every event takes `now` and returns what the owner must
/// do (see ``RateLimiter``). The bucket counts integer credits — a permit costs `period` in
/// nanoseconds and every nanosecond adds `calls` — so the refill is exact over any run length.
///
/// Fairness: a new arrival is granted at once only when nobody is queued; otherwise it joins the
/// tail, and ``tick(now:)`` grants strictly from the head. Because the refill is deterministic, the
/// instant a waiter will be granted is known when it arrives, so an arrival that would wait longer
/// than `maxWait` is rejected at once instead of timing out later.
public struct RateLimiterStateMachine: Sendable {
    /// Identifies a waiter; the owner makes them unique.
    public typealias WaiterID = UInt64

    /// What an arrival gets.
    public enum AcquireAction: Sendable, Hashable {
        /// A permit, now.
        case granted
        /// A place in the queue: a permit is due at `grantAt` (earlier if waiters ahead leave), and
        /// the waiter gives up at `deadline` (`now + maxWait`).
        case enqueued(grantAt: Instant, deadline: Instant)
        /// No permit and no place.
        case rejected(RateLimitError)
    }

    /// What cancelling a waiter did.
    public enum CancelAction: Sendable, Hashable {
        /// The waiter left the queue; it had no permit.
        case removed
        /// The waiter was not queued: it was already granted or rejected (or never arrived). If it
        /// was granted and will not use the permit, give it back with ``refund(now:)``.
        case notQueued
    }

    /// A waiter the limiter gave up on, and why.
    public struct Rejection: Sendable, Hashable {
        /// The waiter.
        public var id: WaiterID
        /// Why.
        public var error: RateLimitError
    }

    /// What the owner must do after a tick: resume these waiters and wake again at `nextWakeUp`.
    public struct TickAction: Sendable, Hashable {
        /// Waiters granted a permit, in queue order.
        public var granted: [WaiterID] = []
        /// Waiters removed without a permit.
        public var rejected: [Rejection] = []
        /// When the next tick is due (the head's permit, or its deadline); `nil` when nobody waits.
        public var nextWakeUp: Instant?
    }

    /// The current configuration.
    public internal(set) var configuration: RateLimiterConfiguration
    /// Credits in the bucket as of `lastRefill` (a permit costs `configuration.permitCost`).
    var credits: Int128
    var lastRefill: Instant
    var queue = RateLimiterWaiterQueue()
    /// Waiting times of granted calls (zero for immediate grants).
    public private(set) var waitTimes: LatencyWindow
    var counters = Counters()

    /// Monotonic counters for the snapshot.
    struct Counters: Sendable {
        var handedOut = 0
        var refunded = 0
        var rejectedQueueFull = 0
        var rejectedWait = 0
        var expired = 0
        var cancelled = 0
        var queuePeak = 0
    }

    /// A limiter whose bucket is full at `now`.
    public init(
        configuration: RateLimiterConfiguration, now: Instant,
        waitWindow: LatencyWindowConfiguration = .init()
    ) {
        self.configuration = configuration
        self.credits = configuration.capacity
        self.lastRefill = now
        self.waitTimes = LatencyWindow(configuration: waitWindow)
    }

    /// A caller asks for a permit.
    public mutating func acquire(_ id: WaiterID, now: Instant) -> AcquireAction {
        refill(now: now)
        let cost = configuration.permitCost
        if queue.isEmpty && credits >= cost {
            credits -= cost
            counters.handedOut += 1
            waitTimes.record(nanoseconds: 0, now: lastRefill)
            return .granted
        }
        if queue.count >= configuration.maxQueue {
            counters.rejectedQueueFull += 1
            return .rejected(.queueFull(maxQueue: configuration.maxQueue))
        }
        let wait = waitForPermit(position: queue.count)
        guard let wait, wait <= configuration.maxWait else {
            counters.rejectedWait += 1
            let estimated = wait ?? .nanoseconds(Int64.max)
            return .rejected(.waitWouldExceed(maxWait: configuration.maxWait, estimated: estimated))
        }
        let deadline = lastRefill.advanced(by: configuration.maxWait)
        queue.append(.init(id: id, enqueuedAt: lastRefill, deadline: deadline))
        counters.queuePeak = Swift.max(counters.queuePeak, queue.count)
        return .enqueued(grantAt: lastRefill.advanced(by: wait), deadline: deadline)
    }

    /// Takes a permit only if one is free and nobody is queued; never queues, counts no rejection.
    public mutating func tryAcquire(now: Instant) -> Bool {
        refill(now: now)
        guard queue.isEmpty && credits >= configuration.permitCost else { return false }
        credits -= configuration.permitCost
        counters.handedOut += 1
        waitTimes.record(nanoseconds: 0, now: lastRefill)
        return true
    }

    /// Grants permits that have accrued to the waiters at the head, in order, and drops waiters
    /// whose deadline has passed. Call it at ``nextWakeUp`` (or any time: it is idempotent).
    public mutating func tick(now: Instant) -> TickAction {
        refill(now: now)
        var action = TickAction()
        let cost = configuration.permitCost
        while let head = queue.first, credits >= cost {
            queue.removeFirst()
            credits -= cost
            counters.handedOut += 1
            waitTimes.record(
                nanoseconds: lastRefill.nanoseconds &- head.enqueuedAt.nanoseconds, now: lastRefill)
            action.granted.append(head.id)
        }
        // Deadlines never decrease along the queue, so the expired waiters are a prefix.
        while let head = queue.first, head.deadline <= lastRefill {
            queue.removeFirst()
            counters.expired += 1
            action.rejected.append(.init(id: head.id, error: .waitedTooLong(maxWait: configuration.maxWait)))
        }
        if !action.rejected.isEmpty { trimToCeiling() }
        action.nextWakeUp = nextWakeUp
        return action
    }

    /// A waiter's task was cancelled: it leaves the queue if it is still there.
    ///
    /// Leaving never strands a permit: the waiters behind simply move up, and the next tick is
    /// due no later than before.
    public mutating func cancel(_ id: WaiterID, now: Instant) -> CancelAction {
        refill(now: now)
        guard queue.remove(id: id) else { return .notQueued }
        counters.cancelled += 1
        trimToCeiling()
        return .removed
    }

    /// A permit that was granted but will not be used (its task was cancelled in the same
    /// instant) goes back: to the head waiter at once, else into the bucket (up to `burst`).
    public mutating func refund(now: Instant) -> TickAction {
        refill(now: now)
        credits = Swift.min(credits + configuration.permitCost, ceiling)
        counters.refunded += 1
        counters.cancelled += 1
        return tick(now: now)
    }

    /// When the owner must next call ``tick(now:)``: the head waiter's permit or its deadline,
    /// whichever is first; `nil` when nobody waits.
    public var nextWakeUp: Instant? {
        guard let head = queue.first else { return nil }
        let permitAt = lastRefill.advanced(by: waitForPermit(position: 0) ?? .nanoseconds(Int64.max))
        return Swift.min(permitAt, head.deadline)
    }

    /// How many callers are waiting.
    public var queueDepth: Int { queue.count }
}
