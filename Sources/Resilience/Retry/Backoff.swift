/// How the delay before a retry grows with the number of retries already made.
///
/// The shape only sets the *ceiling* for retry `n`; ``Jitter`` then decides where under that
/// ceiling the actual delay falls, exactly as in the AWS "Exponential Backoff and Jitter" article
/// (`sleep = random_between(0, min(cap, base * 2 ** attempt))` for full jitter). Retries are
/// numbered from 1: the first retry waits `base`, the second `base * factor`, and so on.
public enum Backoff: Sendable, Hashable {
    /// The same delay before every retry.
    case constant(Duration)
    /// `base`, then `base + increment`, `base + 2 * increment`, …
    case linear(base: Duration, increment: Duration)
    /// `base`, then `base * factor`, `base * factor²`, … never more than `maxDelay`.
    case exponential(base: Duration, factor: Double = 2, maxDelay: Duration = .seconds(10))

    /// The policy default: exponential from 100 ms, doubling, at most 10 s.
    public static let `default` = Backoff.exponential(
        base: .milliseconds(100), factor: 2, maxDelay: .seconds(10))

    /// The first delay, and the floor of decorrelated jitter.
    public var base: Duration {
        switch self {
        case .constant(let delay): delay
        case .linear(let base, _): base
        case .exponential(let base, _, _): base
        }
    }

    /// The backoff's own cap, if it has one (only `.exponential` does).
    public var maxDelay: Duration? {
        if case .exponential(_, _, let maxDelay) = self { return maxDelay }
        return nil
    }

    /// The un-jittered delay before retry number `retry` (1-based), capped by ``maxDelay``.
    ///
    /// Computed in floating point and clamped before conversion, so a large `retry` or `factor`
    /// saturates at the cap instead of overflowing.
    public func ceiling(forRetry retry: Int) -> Duration {
        let n = max(retry, 1)
        switch self {
        case .constant(let delay):
            return max(delay, .zero)
        case .linear(let base, let increment):
            let nanos = Double(base.nanoseconds) + Double(increment.nanoseconds) * Double(n - 1)
            return .nanoseconds(Self.clampedNanoseconds(nanos))
        case .exponential(let base, let factor, let maxDelay):
            let grown = Double(base.nanoseconds) * integerPower(max(factor, 1), n - 1)
            let capped = min(grown, Double(maxDelay.nanoseconds))
            return .nanoseconds(Self.clampedNanoseconds(capped))
        }
    }

    /// Rounds and clamps a nanosecond count into `0...Int64.max` (NaN counts as zero).
    static func clampedNanoseconds(_ value: Double) -> Int64 {
        guard value.isFinite else { return value > 0 ? .max : 0 }
        if value <= 0 { return 0 }
        if value >= Double(Int64.max) { return .max }
        return Int64(value.rounded())
    }
}

/// `x` raised to a non-negative integer power, by squaring; Resilience does not import Foundation.
private func integerPower(_ x: Double, _ power: Int) -> Double {
    var result = 1.0
    var exponent = power
    var base = x
    while exponent > 0 {
        if exponent & 1 == 1 { result *= base }
        base *= base
        exponent >>= 1
        if result.isInfinite { return .infinity }
    }
    return result
}
