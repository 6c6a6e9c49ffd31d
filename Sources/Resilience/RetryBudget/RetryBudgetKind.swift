/// Which accounting a ``RetryBudget`` uses to cap retries as a share of the traffic.
///
/// Both exist so that an outage is not amplified: without a budget, three tries per call turn a
/// struggling server's load into three times the load exactly when it can least take it.
public enum RetryBudgetKind: Sendable, Hashable {
    /// gRPC retry throttling (gRFC A6): a bucket of `maxTokens` starts full; every success adds
    /// `tokenRatio`; every retry costs one token; retries are allowed only while the bucket holds
    /// more than `maxTokens / 2`. In steady state retries are at most `tokenRatio` per success.
    ///
    /// Unlike gRPC, which charges every failed attempt, this charges the retry itself, so the
    /// bucket measures retries against successes and a failure that is not retried costs nothing.
    case tokenBucket(maxTokens: Double = 10, tokenRatio: Double = 0.1)
    /// Finagle's `RetryBudget`: every call deposits, every retry withdraws, and over any `ttl`
    /// window retries may be at most `percentCanRetry` of the calls plus a floor of
    /// `minRetriesPerSecond` (so a quiet endpoint can still retry at all). Deposits and
    /// withdrawals expire after `ttl`, counted in ten time slices.
    case percentage(
        percentCanRetry: Double = 0.2, ttl: Duration = .seconds(10), minRetriesPerSecond: Int = 10)

    /// gRPC's example configuration: 10 tokens, 0.1 per success.
    public static let grpcDefault = RetryBudgetKind.tokenBucket(maxTokens: 10, tokenRatio: 0.1)
    /// Finagle's defaults: 20% of calls over 10 s, at least 10 retries a second.
    public static let finagleDefault = RetryBudgetKind.percentage(
        percentCanRetry: 0.2, ttl: .seconds(10), minRetriesPerSecond: 10)
}
