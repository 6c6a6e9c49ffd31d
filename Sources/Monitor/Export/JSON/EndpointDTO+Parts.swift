import Foundation
import Resilience

/// Request counters in the JSON snapshot.
public struct RequestsDTO: Codable, Sendable, Equatable {
    /// Attempts made or rejected.
    public var total: Int
    /// Attempts that met their expectations.
    public var succeeded: Int
    /// Attempts that failed.
    public var failed: Int
    /// Attempts rejected without touching the network.
    public var rejected: Int
    /// Attempts that timed out (also in `failed`).
    public var timeouts: Int
    /// Completed attempts per second, recently.
    public var perSecond: Double

    enum CodingKeys: String, CodingKey {
        case total, succeeded, failed, rejected, timeouts
        case perSecond = "per_second"
    }

    /// The DTO of `requests`.
    public init(_ requests: RequestCounters) {
        total = requests.total
        succeeded = requests.succeeded
        failed = requests.failed
        rejected = requests.rejected
        timeouts = requests.timeouts
        perSecond = JSONNumber.rounded(requests.perSecond)
    }
}

/// Retry counters in the JSON snapshot.
public struct RetriesDTO: Codable, Sendable, Equatable {
    /// Retries made.
    public var total: Int
    /// Probes that ran out of tries or time.
    public var exhausted: Int
    /// Retries refused by the retry budget.
    public var budgetDenied: Int
    /// Probes that succeeded only after a retry.
    public var succeededAfterRetry: Int
    /// Fraction of the retry budget left (0…1), or `null` without a budget.
    public var budgetLeft: Double?

    enum CodingKeys: String, CodingKey {
        case total, exhausted
        case budgetDenied = "budget_denied"
        case succeededAfterRetry = "succeeded_after_retry"
        case budgetLeft = "budget_left"
    }

    /// The DTO of `retries`.
    public init(_ retries: RetryCounters) {
        total = retries.total
        exhausted = retries.exhausted
        budgetDenied = retries.budgetDenied
        succeededAfterRetry = retries.succeededAfterRetry
        budgetLeft = JSONNumber.rounded(retries.budgetLeft, places: 4)
    }

    /// Writes every key, `null` for absent optionals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(exhausted, forKey: .exhausted)
        try container.encode(budgetDenied, forKey: .budgetDenied)
        try container.encode(succeededAfterRetry, forKey: .succeededAfterRetry)
        try container.encode(budgetLeft, forKey: .budgetLeft)
    }
}

/// An endpoint's rate limiter, as seen from the endpoint, in the JSON snapshot.
public struct RateLimitRefDTO: Codable, Sendable, Equatable {
    /// The limiter's name.
    public var name: String
    /// Waiters queued now (shared by every endpoint using the limiter).
    public var queueDepth: Int
    /// Most waiters queued at once.
    public var queuePeak: Int
    /// Calls rejected since start.
    public var rejected: Int

    enum CodingKeys: String, CodingKey {
        case name
        case queueDepth = "queue_depth"
        case queuePeak = "queue_peak"
        case rejected
    }

    /// The reference to limiter `name`; counters are 0 when its snapshot is missing.
    public init(name: String, limiter: RateLimitSnapshot?) {
        self.name = TextSanitizer.sanitize(name)
        queueDepth = limiter?.queueDepth ?? 0
        queuePeak = limiter?.queuePeak ?? 0
        rejected = limiter?.rejected ?? 0
    }
}

/// Latency percentiles over the rolling window in the JSON snapshot, in milliseconds.
public struct LatencyDTO: Codable, Sendable, Equatable {
    /// Median.
    public var p50: Double
    /// 90th percentile.
    public var p90: Double
    /// 99th percentile.
    public var p99: Double
    /// 99.9th percentile.
    public var p999: Double
    /// Largest sample.
    public var max: Double
    /// Mean.
    public var mean: Double
    /// Samples in the window.
    public var count: Int
    /// The window's length, seconds.
    public var windowS: Double
    /// The detail pane's histogram: bars of (upper bound, count), ascending.
    public var histogram: [HistogramBucketDTO]

    enum CodingKeys: String, CodingKey {
        case p50, p90, p99, p999, max, mean, count
        case windowS = "window_s"
        case histogram
    }

    /// The DTO of `latency`.
    public init(_ latency: LatencySummary) {
        p50 = JSONNumber.rounded(latency.p50)
        p90 = JSONNumber.rounded(latency.p90)
        p99 = JSONNumber.rounded(latency.p99)
        p999 = JSONNumber.rounded(latency.p999)
        max = JSONNumber.rounded(latency.max)
        mean = JSONNumber.rounded(latency.mean)
        count = latency.count
        windowS = JSONNumber.seconds(latency.window)
        histogram = latency.histogram.map(HistogramBucketDTO.init)
    }

    /// Reads a document; `histogram` came after version 1 shipped and may be missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        p50 = try container.decode(Double.self, forKey: .p50)
        p90 = try container.decode(Double.self, forKey: .p90)
        p99 = try container.decode(Double.self, forKey: .p99)
        p999 = try container.decode(Double.self, forKey: .p999)
        max = try container.decode(Double.self, forKey: .max)
        mean = try container.decode(Double.self, forKey: .mean)
        count = try container.decode(Int.self, forKey: .count)
        windowS = try container.decode(Double.self, forKey: .windowS)
        histogram = try container.decodeList([HistogramBucketDTO].self, forKey: .histogram)
    }
}

/// The last probe's outcome in the JSON snapshot.
public struct LastDTO: Codable, Sendable, Equatable {
    /// HTTP status, or `null` when no response arrived.
    public var status: Int?
    /// The error, or `null` when the probe succeeded.
    public var error: ErrorDTO?
    /// RFC 3339 UTC time it completed.
    public var at: String

    /// The DTO of `last`.
    public init(_ last: LastResult) {
        status = last.status
        error = last.error.map(ErrorDTO.init)
        at = RFC3339.string(from: last.at)
    }

    /// Writes every key, `null` for absent optionals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(error, forKey: .error)
        try container.encode(at, forKey: .at)
    }
}

/// A classified probe error in the JSON snapshot.
public struct ErrorDTO: Codable, Sendable, Equatable {
    /// The kind: `timeout`, `connect_refused`, `connect_timeout`, `dns`, `tls`, `reset`,
    /// `protocol`, `status`, `body_mismatch`, `body_too_large`, `slow`, `circuit_open`,
    /// `rate_limited`, `pool_exhausted` or `other`.
    public var kind: String
    /// Detail, control characters removed.
    public var message: String
    /// RFC 3339 UTC time it happened (added after version 1 shipped: optional when decoding).
    public var at: String?

    /// The DTO of `error`.
    public init(_ error: ErrorRecord) {
        kind = error.kind.rawValue
        message = TextSanitizer.sanitize(error.message)
        at = RFC3339.string(from: error.at)
    }

    /// Writes every key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(message, forKey: .message)
        try container.encode(at, forKey: .at)
    }
}
