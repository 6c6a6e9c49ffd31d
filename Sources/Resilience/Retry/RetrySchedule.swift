/// The retry state machine of one call: a value type that turns each failed attempt into
/// "wait this long and try again" or "give up, and why".
///
/// It holds no clock, no lock and no budget; its owner (``Retry``) passes `now` and a random
/// generator in, asks the shared ``RetryBudget`` only when the schedule says `.retry` (so a
/// call that is giving up anyway spends no token), and reports a refusal back through
/// ``budgetDenied()``. Tests drive it directly, failure by failure.
///
/// The checks run in this order: the classifier's verdict, `maxTries`, then the delay is drawn
/// and `maxTime` is checked against `elapsed + delay`.
public struct RetrySchedule: Sendable {
    /// Where the call is.
    public enum State: Sendable, Hashable {
        /// Created; no attempt started.
        case idle
        /// Attempt number `attempt` (from 1) is running.
        case attempting(attempt: Int)
        /// Waiting until `until` before attempt number `next`.
        case backingOff(next: Int, until: Instant)
        /// Attempt number `attempt` succeeded.
        case succeeded(attempt: Int)
        /// The call gave up.
        case gaveUp(GiveUpReason)
    }

    /// The policy being applied.
    public let policy: RetryPolicy
    /// When the first attempt started (`maxTime` is measured from here).
    public private(set) var start: Instant?
    /// Attempts started so far.
    public private(set) var attempts: Int = 0
    /// The delay actually waited before the latest retry (decorrelated jitter grows from it).
    public private(set) var previousDelay: Duration?
    /// Where the call is now.
    public private(set) var state: State = .idle

    /// A schedule for one call under `policy`.
    public init(policy: RetryPolicy) { self.policy = policy }

    /// Starts the next attempt and returns its number (from 1).
    ///
    /// Only the first attempt's `now` is kept (as ``start``, for `maxTime`); later attempts may
    /// pass any instant, so an owner needs no clock read per attempt.
    public mutating func beginAttempt(now: Instant) -> Int {
        if start == nil { start = now }
        attempts += 1
        state = .attempting(attempt: attempts)
        return attempts
    }

    /// Records that the running attempt succeeded.
    public mutating func attemptSucceeded() {
        state = .succeeded(attempt: attempts)
    }

    /// Decides what follows a failed attempt.
    ///
    /// - Parameters:
    ///   - decision: the classifier's verdict on the error, with an optional `Retry-After` hint.
    ///   - now: the current instant (for `maxTime`).
    ///   - generator: the source of jitter.
    public mutating func attemptFailed(
        _ decision: RetryDecision, now: Instant, using generator: inout some RandomNumberGenerator
    ) -> RetryAction {
        if decision == .doNotRetry { return giveUp(.doNotRetry) }
        if attempts >= policy.maxTries { return giveUp(.maxTries(attempts)) }
        let delay = policy.delay(
            forRetry: attempts, previous: previousDelay, retryAfter: decision.retryAfterHint,
            using: &generator)
        let elapsed = start.map { $0.duration(to: now) } ?? .zero
        if elapsed + delay > policy.maxTime {
            return giveUp(.maxTime(elapsed: elapsed, delay: delay, limit: policy.maxTime))
        }
        previousDelay = delay
        state = .backingOff(next: attempts + 1, until: now.advanced(by: delay))
        return .retry(after: delay, attempt: attempts + 1)
    }

    /// Records that the retry budget refused the retry just scheduled.
    public mutating func budgetDenied() -> RetryAction { giveUp(.budgetDenied) }

    private mutating func giveUp(_ reason: GiveUpReason) -> RetryAction {
        state = .gaveUp(reason)
        return .giveUp(reason)
    }
}
