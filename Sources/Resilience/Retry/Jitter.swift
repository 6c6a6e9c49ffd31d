/// How a retry delay is randomised under the backoff's ceiling, so that clients that failed
/// together do not retry together.
///
/// The four kinds are the ones defined (and simulated) in the AWS Architecture Blog article
/// "Exponential Backoff and Jitter" (Marc Brooker, 2015), where `ceiling = min(cap, base * 2^n)`:
///
/// | kind | delay |
/// | --- | --- |
/// | `none` | `ceiling` |
/// | `full` | `random(0, ceiling)` |
/// | `equal` | `ceiling / 2 + random(0, ceiling / 2)` |
/// | `decorrelated` | `min(cap, random(base, previous * 3))`, with `previous = base` before the first retry |
///
/// Full jitter is the default: the article measured it to do the least total work for a
/// contended resource. Decorrelated jitter ignores the backoff's growth shape and uses only its
/// `base` and the cap, as the article does.
public enum Jitter: String, Sendable, Hashable, CaseIterable, Codable {
    /// No randomisation: every client waits exactly the ceiling.
    case none
    /// Uniform in `[0, ceiling]`.
    case full
    /// Uniform in `[ceiling / 2, ceiling]`: never retries almost at once.
    case equal
    /// Uniform in `[base, previous * 3]`, capped: grows from the previous actual delay.
    case decorrelated

    /// The delay before a retry.
    ///
    /// - Parameters:
    ///   - ceiling: the backoff's un-jittered delay for this retry, already capped.
    ///   - base: the backoff's base, the floor of decorrelated jitter.
    ///   - cap: the largest delay allowed.
    ///   - previous: the previous actual delay, or `nil` before the first retry.
    ///   - generator: the source of randomness (inject a seeded one to reproduce a schedule).
    public func delay(
        ceiling: Duration, base: Duration, cap: Duration, previous: Duration?,
        using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let ceilingNanos = max(min(ceiling, cap), .zero).nanoseconds
        switch self {
        case .none:
            return .nanoseconds(ceilingNanos)
        case .full:
            return .nanoseconds(Int64.random(in: 0...ceilingNanos, using: &generator))
        case .equal:
            let half = ceilingNanos / 2
            return .nanoseconds(ceilingNanos - half + Int64.random(in: 0...half, using: &generator))
        case .decorrelated:
            let low = max(base, .zero).nanoseconds
            let previousNanos = max(previous ?? base, .zero).nanoseconds
            let (tripled, overflow) = previousNanos.multipliedReportingOverflow(by: 3)
            let high = max(low, overflow ? .max : tripled)
            let drawn = Int64.random(in: low...high, using: &generator)
            return .nanoseconds(min(drawn, max(cap, .zero).nanoseconds))
        }
    }
}
