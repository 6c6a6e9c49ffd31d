/// The retry budget's accounting as a value type: every method takes `now`, nothing reads a
/// clock, and reading (``available(now:)``, ``fractionLeft(now:)``) never changes it.
///
/// Amounts are fixed-point integers (thousandths of a token, or Finagle's scaled units), so a
/// long run of `+0.1` deposits does not drift.
public struct RetryBudgetState: Sendable {
    /// The accounting in use.
    public let kind: RetryBudgetKind
    /// Calls recorded since creation.
    public private(set) var requests: Int = 0
    /// Retries the budget allowed since creation.
    public private(set) var withdrawals: Int = 0
    /// Retries the budget refused since creation.
    public private(set) var denied: Int = 0

    // Exactly one of the two is set, by `kind`; optionals (not an enum with payloads) so that
    // updates happen in place without copying the window's slice array.
    private var bucket: Bucket?
    private var window: Window?

    /// Creates a budget with `kind`'s accounting; a token bucket starts full.
    public init(kind: RetryBudgetKind) {
        self.kind = kind
        switch kind {
        case .tokenBucket(let maxTokens, let tokenRatio):
            bucket = Bucket(maxTokens: maxTokens, tokenRatio: tokenRatio)
        case .percentage(let percent, let ttl, let floor):
            window = Window(percentCanRetry: percent, ttl: ttl, minRetriesPerSecond: floor)
        }
    }

    /// Records an original call (not a retry): a percentage budget earns its share of a retry.
    public mutating func recordRequest(now: Instant) {
        requests += 1
        if let amount = window?.depositAmount { window?.add(deposit: amount, now: now) }
    }

    /// Records a successful call: a token bucket earns `tokenRatio`, up to `maxTokens`.
    public mutating func recordSuccess(now: Instant) {
        bucket?.deposit()
    }

    /// Spends one retry if the budget allows it; returns whether the retry may go ahead.
    public mutating func tryWithdraw(now: Instant) -> Bool {
        var allowed = false
        if bucket != nil {
            allowed = bucket?.withdraw() ?? false
        } else if let amount = window?.withdrawalAmount, let balance = window?.balance(now: now) {
            allowed = balance >= amount
            if allowed { window?.add(withdrawal: amount, now: now) }
        }
        if allowed { withdrawals += 1 } else { denied += 1 }
        return allowed
    }

    /// How many retries the budget would allow now, if nothing else happened.
    public func available(now: Instant) -> Int {
        if let bucket {
            let above = bucket.tokens - bucket.threshold
            return above > 0 ? Int((above + Bucket.unit - 1) / Bucket.unit) : 0
        }
        if let window {
            return Int(max(window.balance(now: now), 0) / window.withdrawalAmount)
        }
        return 0
    }

    /// The share of the budget left (0...1), for the dashboard's gauge: for a token bucket, how
    /// far above the throttling threshold it stands; for a percentage budget, what is left of
    /// what the window (floor plus deposits) granted.
    public func fractionLeft(now: Instant) -> Double {
        if let bucket {
            let span = bucket.max - bucket.threshold
            guard span > 0 else { return 0 }
            return min(max(Double(bucket.tokens - bucket.threshold) / Double(span), 0), 1)
        }
        if let window {
            let granted = window.reserve + window.deposits(now: now)
            guard granted > 0 else { return 0 }
            return min(max(Double(window.balance(now: now)) / Double(granted), 0), 1)
        }
        return 0
    }

    /// The token balance of a token-bucket budget (`nil` for a percentage budget).
    public var tokens: Double? { bucket.map { Double($0.tokens) / Double(Bucket.unit) } }

    /// The token bucket, in thousandths of a token.
    private struct Bucket: Sendable {
        static let unit: Int64 = 1_000
        var tokens: Int64
        let max: Int64
        let threshold: Int64
        let ratio: Int64

        init(maxTokens: Double, tokenRatio: Double) {
            max = Swift.max(Int64((maxTokens * 1_000).rounded()), 0)
            threshold = max / 2
            ratio = Swift.max(Int64((tokenRatio * 1_000).rounded()), 0)
            tokens = max
        }

        mutating func deposit() { tokens = Swift.min(tokens + ratio, max) }

        /// gRFC A6: retries are allowed only while the count is above half the maximum.
        mutating func withdraw() -> Bool {
            guard tokens > threshold else { return false }
            tokens -= Self.unit
            return true
        }
    }
}
