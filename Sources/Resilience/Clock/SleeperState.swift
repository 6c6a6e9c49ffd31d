/// The bookkeeping of a timer with one sleeper at a time: which sleep is current, its
/// continuation, and a wake-up that came while nobody slept.
///
/// A value type with explicit transitions, applied by its owner under a lock; every continuation
/// it hands back is resumed by the owner after the lock is released. ``ManualTimer`` (tests) and
/// the probe loop's alarm (production) are the two owners, so both keep the same rules: a
/// ``wake()`` before ``begin(_:cancelled:)`` makes that sleep return at once, and a deadline
/// fires only the sleep it was armed for.
public struct SleeperState: Sendable {
    private var continuation: UnsafeContinuation<Void, Never>?
    /// Which sleep the continuation belongs to; the owner arms and fires by generation.
    public private(set) var generation: UInt64 = 0
    private var wakePending = false

    /// No sleeper, no wake-up pending.
    public init() {}

    /// Whether someone sleeps now.
    public var isSleeping: Bool { continuation != nil }

    /// A sleep starts: its generation, to arm a deadline for, or `nil` when it must return at once
    /// (a wake-up was pending, or the task is `cancelled`).
    public mutating func begin(_ continuation: UnsafeContinuation<Void, Never>, cancelled: Bool) -> UInt64? {
        if wakePending || cancelled {
            wakePending = false
            return nil
        }
        generation &+= 1
        self.continuation = continuation
        return generation
    }

    /// A wake-up: the sleeper to resume, or `nil` (then the next sleep returns at once).
    public mutating func wake() -> UnsafeContinuation<Void, Never>? {
        guard let continuation else {
            wakePending = true
            return nil
        }
        self.continuation = nil
        return continuation
    }

    /// Sleep `generation`'s deadline passed: its sleeper to resume, unless that sleep already
    /// ended.
    public mutating func fire(generation: UInt64) -> UnsafeContinuation<Void, Never>? {
        guard self.generation == generation, let continuation else { return nil }
        self.continuation = nil
        return continuation
    }
}
