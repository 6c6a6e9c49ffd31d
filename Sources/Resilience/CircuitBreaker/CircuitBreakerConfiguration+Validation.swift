extension CircuitBreakerConfiguration {
    /// Something in a configuration that cannot work as written.
    ///
    /// Each case names a setting the breaker would silently clamp, or a rule that can never fire or
    /// always fires. A config loader turns them into messages and refuses the config.
    public enum Issue: Error, Sendable, Hashable, CustomStringConvertible {
        /// No trip rule is configured: the breaker can only be opened by an operator.
        case noTripRule
        /// `failureThreshold` is below 1.
        case failureThresholdNotPositive(Int)
        /// A rate threshold is outside 0 < rate ≤ 1 (0 trips on a window of successes, > 1 never trips).
        case rateOutOfRange(setting: String, value: Double)
        /// `slowCallRateThreshold` is set but `slowCallDuration` is not, so no call is ever slow.
        case slowRateWithoutDuration
        /// `slowCallDuration` is zero or negative: every call would be slow.
        case slowCallDurationNotPositive(Duration)
        /// A count window of fewer than 1 or more than ``CircuitBreakerConfiguration/maximumWindowCalls`` calls.
        case windowSizeOutOfRange(Int)
        /// A time window whose duration is not positive.
        case windowDurationNotPositive(Duration)
        /// A time window with fewer than 1 or more than ``CircuitBreakerConfiguration/maximumWindowBuckets`` buckets,
        /// or buckets shorter than a nanosecond.
        case windowBucketsOutOfRange(Int)
        /// `minimumCalls` is below 1.
        case minimumCallsNotPositive(Int)
        /// `minimumCalls` exceeds what a count window can hold, so the rate rules can never fire.
        case minimumCallsExceedWindow(minimumCalls: Int, windowSize: Int)
        /// `recoveryTimeout` is negative.
        case recoveryTimeoutNegative(Duration)
        /// The backoff multiplier is below 1 (or not a number): the open time would shrink.
        case backoffMultiplierBelowOne(Double)
        /// The backoff cap is below `recoveryTimeout`.
        case backoffCapBelowRecoveryTimeout(cap: Duration, recoveryTimeout: Duration)
        /// `halfOpenMaxCalls` is below 1 (half-open would admit nothing and never close) or above
        /// ``CircuitBreakerConfiguration/maximumHalfOpenCalls``.
        case halfOpenMaxCallsOutOfRange(Int)
        /// `halfOpenSuccesses` is below 1 or above `halfOpenMaxCalls`: closing would be immediate or impossible.
        case halfOpenSuccessesOutOfRange(successes: Int, maxCalls: Int)

        /// The problem, in words, naming the setting.
        public var description: String {
            switch self {
            case .noTripRule:
                "no trip rule: set failureThreshold, failureRateThreshold or slowCallRateThreshold"
            case .failureThresholdNotPositive(let value):
                "failureThreshold must be at least 1 (got \(value))"
            case .rateOutOfRange(let setting, let value):
                "\(setting) must be in 0 < rate ≤ 1 (got \(value))"
            case .slowRateWithoutDuration:
                "slowCallRateThreshold needs slowCallDuration"
            case .slowCallDurationNotPositive(let value):
                "slowCallDuration must be positive (got \(BreakerFormat.duration(value)))"
            case .windowSizeOutOfRange(let value):
                "window size must be 1...\(CircuitBreakerConfiguration.maximumWindowCalls) calls (got \(value))"
            case .windowDurationNotPositive(let value):
                "window duration must be positive (got \(BreakerFormat.duration(value)))"
            case .windowBucketsOutOfRange(let value):
                "window buckets must be 1...\(CircuitBreakerConfiguration.maximumWindowBuckets) and at least 1 ns each (got \(value))"
            case .minimumCallsNotPositive(let value):
                "minimumCalls must be at least 1 (got \(value))"
            case .minimumCallsExceedWindow(let minimumCalls, let windowSize):
                "minimumCalls \(minimumCalls) exceeds the window of \(windowSize) calls: the rate rules could never fire"
            case .recoveryTimeoutNegative(let value):
                "recoveryTimeout must not be negative (got \(BreakerFormat.duration(value)))"
            case .backoffMultiplierBelowOne(let value):
                "recoveryBackoff multiplier must be at least 1 (got \(value))"
            case .backoffCapBelowRecoveryTimeout(let cap, let recovery):
                "recoveryBackoff maxTimeout \(BreakerFormat.duration(cap)) is below recoveryTimeout \(BreakerFormat.duration(recovery))"
            case .halfOpenMaxCallsOutOfRange(let value):
                "halfOpenMaxCalls must be 1...\(CircuitBreakerConfiguration.maximumHalfOpenCalls) (got \(value))"
            case .halfOpenSuccessesOutOfRange(let successes, let maxCalls):
                "halfOpenSuccesses must be 1...halfOpenMaxCalls (\(maxCalls)) (got \(successes))"
            }
        }
    }

    /// Reports every setting that cannot work as written; an empty array means the config is sound.
    ///
    /// The state machine never crashes on a bad config (it clamps), but a clamped config is not what
    /// the operator wrote, so loaders should refuse a config with issues.
    public func validate() -> [Issue] {
        var issues: [Issue] = []
        if failureThreshold == nil && failureRateThreshold == nil && slowCallRateThreshold == nil {
            issues.append(.noTripRule)
        }
        if let failureThreshold, failureThreshold < 1 {
            issues.append(.failureThresholdNotPositive(failureThreshold))
        }
        for (setting, value) in [
            ("failureRateThreshold", failureRateThreshold), ("slowCallRateThreshold", slowCallRateThreshold),
        ] {
            if let value, !(value > 0 && value <= 1) {
                issues.append(.rateOutOfRange(setting: setting, value: value))
            }
        }
        if slowCallRateThreshold != nil && slowCallDuration == nil { issues.append(.slowRateWithoutDuration) }
        if let slowCallDuration, slowCallDuration <= .zero {
            issues.append(.slowCallDurationNotPositive(slowCallDuration))
        }
        validateWindow(into: &issues)
        if recoveryTimeout < .zero { issues.append(.recoveryTimeoutNegative(recoveryTimeout)) }
        if let recoveryBackoff {
            if !(recoveryBackoff.multiplier >= 1) {
                issues.append(.backoffMultiplierBelowOne(recoveryBackoff.multiplier))
            }
            if recoveryBackoff.maxTimeout < recoveryTimeout {
                issues.append(
                    .backoffCapBelowRecoveryTimeout(
                        cap: recoveryBackoff.maxTimeout, recoveryTimeout: recoveryTimeout))
            }
        }
        if halfOpenMaxCalls < 1 || halfOpenMaxCalls > Self.maximumHalfOpenCalls {
            issues.append(.halfOpenMaxCallsOutOfRange(halfOpenMaxCalls))
        }
        // With halfOpenSuccesses left to follow halfOpenMaxCalls, a bad max is reported once, above.
        if (explicitHalfOpenSuccesses != nil || halfOpenMaxCalls >= 1)
            && (halfOpenSuccesses < 1 || halfOpenSuccesses > max(1, halfOpenMaxCalls))
        {
            issues.append(
                .halfOpenSuccessesOutOfRange(successes: halfOpenSuccesses, maxCalls: halfOpenMaxCalls))
        }
        return issues
    }

    private func validateWindow(into issues: inout [Issue]) {
        if minimumCalls < 1 { issues.append(.minimumCallsNotPositive(minimumCalls)) }
        switch window {
        case .count(let size):
            if size < 1 || size > Self.maximumWindowCalls {
                issues.append(.windowSizeOutOfRange(size))
            } else if minimumCalls > size && (failureRateThreshold != nil || slowCallRateThreshold != nil) {
                issues.append(.minimumCallsExceedWindow(minimumCalls: minimumCalls, windowSize: size))
            }
        case .time(let duration, let buckets):
            if duration <= .zero { issues.append(.windowDurationNotPositive(duration)) }
            if buckets < 1 || buckets > Self.maximumWindowBuckets
                || (duration > .zero && duration.nanoseconds < Int64(buckets))
            {
                issues.append(.windowBucketsOutOfRange(buckets))
            }
        }
    }
}
