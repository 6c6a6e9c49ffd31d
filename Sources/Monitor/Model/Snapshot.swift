public import Foundation
public import Resilience

/// Everything the engine knows at one instant: what the dashboard draws and the exporters print.
///
/// A plain value: the engine publishes a new one at the refresh rate and readers never lock it.
/// Field names mirror the JSON snapshot (docs/JSON.md) so the two cannot drift apart.
public struct Snapshot: Sendable, Equatable {
    /// The config's name, or `"demo"` for the embedded demo.
    public var source: String
    /// Wall-clock time the snapshot was taken.
    public var generatedAt: Date
    /// Time since the engine started.
    public var uptime: Duration
    /// Scheduler health.
    public var scheduler: SchedulerSnapshot
    /// One entry per configured endpoint, in config order.
    public var endpoints: [EndpointSnapshot]
    /// One entry per named rate limiter, in config order.
    public var rateLimits: [RateLimitSnapshot]
    /// Whether polling of every endpoint is paused.
    public var pausedAll: Bool
    /// The connection pool: in use, waiting, and the hosts saturating it.
    public var pool: PoolSnapshot

    /// Creates a snapshot.
    public init(
        source: String, generatedAt: Date, uptime: Duration, scheduler: SchedulerSnapshot,
        endpoints: [EndpointSnapshot], rateLimits: [RateLimitSnapshot], pausedAll: Bool = false,
        pool: PoolSnapshot = PoolSnapshot()
    ) {
        self.source = source
        self.generatedAt = generatedAt
        self.uptime = uptime
        self.scheduler = scheduler
        self.endpoints = endpoints
        self.rateLimits = rateLimits
        self.pausedAll = pausedAll
        self.pool = pool
    }
}

/// Scheduler health: how much work was done and how late it started.
public struct SchedulerSnapshot: Sendable, Equatable {
    /// Probes completed since start (every attempt, retries included).
    public var probesTotal: Int
    /// Probes completed per second over the last few seconds.
    public var probesPerSecond: Double
    /// Schedule lateness percentiles, in milliseconds.
    public var latenessP50Ms: Double
    /// 99th percentile of schedule lateness, in milliseconds.
    public var latenessP99Ms: Double
    /// Largest lateness seen, in milliseconds.
    public var latenessMaxMs: Double

    /// Creates a scheduler snapshot.
    public init(
        probesTotal: Int = 0, probesPerSecond: Double = 0, latenessP50Ms: Double = 0,
        latenessP99Ms: Double = 0, latenessMaxMs: Double = 0
    ) {
        self.probesTotal = probesTotal
        self.probesPerSecond = probesPerSecond
        self.latenessP50Ms = latenessP50Ms
        self.latenessP99Ms = latenessP99Ms
        self.latenessMaxMs = latenessMaxMs
    }
}

/// One endpoint's state: breaker, counters, latency, the last result and its effective policy.
public struct EndpointSnapshot: Sendable, Equatable, Identifiable {
    /// The endpoint's unique name.
    public var name: String
    /// Optional group, for grouping and filtering.
    public var group: String?
    /// The URL with userinfo and secrets redacted: safe to print.
    public var displayURL: String
    /// Whether TLS verification is switched off for this endpoint (shown on screen as a warning).
    public var tlsVerifyDisabled: Bool
    /// The breaker's view.
    public var breaker: BreakerView
    /// Request counters since start.
    public var requests: RequestCounters
    /// Retry counters since start.
    public var retries: RetryCounters
    /// The name of the shared rate limiter this endpoint uses, if any.
    public var rateLimitName: String?
    /// Latency over the rolling window.
    public var latency: LatencySummary
    /// Recent latencies in milliseconds (oldest first) for the sparkline; a failed probe is `nil`.
    public var recentLatencyMs: [Double?]
    /// Phase timings of the last completed probe.
    public var lastPhases: PhaseTimings?
    /// The last probe's outcome.
    public var last: LastResult?
    /// The last few errors, newest last, already sanitised for display.
    public var recentErrors: [ErrorRecord]
    /// Whether polling of this endpoint is paused by an operator.
    public var paused: Bool
    /// The effective policy as `key: value` lines, secrets redacted (for the detail pane).
    public var policyLines: [String]
    /// The server's leaf certificate (TLS endpoints, once a connection was made), else `nil`.
    public var tls: TLSCertificate? = nil

    /// The endpoint's name is its identity.
    public var id: String { name }

    /// Creates an endpoint snapshot.
    public init(
        name: String, group: String? = nil, displayURL: String, tlsVerifyDisabled: Bool = false,
        breaker: BreakerView, requests: RequestCounters = .init(), retries: RetryCounters = .init(),
        rateLimitName: String? = nil, latency: LatencySummary = .init(), recentLatencyMs: [Double?] = [],
        lastPhases: PhaseTimings? = nil, last: LastResult? = nil, recentErrors: [ErrorRecord] = [],
        paused: Bool = false, policyLines: [String] = [], tls: TLSCertificate? = nil
    ) {
        self.name = name
        self.group = group
        self.displayURL = displayURL
        self.tlsVerifyDisabled = tlsVerifyDisabled
        self.breaker = breaker
        self.requests = requests
        self.retries = retries
        self.rateLimitName = rateLimitName
        self.latency = latency
        self.recentLatencyMs = recentLatencyMs
        self.lastPhases = lastPhases
        self.last = last
        self.recentErrors = recentErrors
        self.paused = paused
        self.policyLines = policyLines
        self.tls = tls
    }
}

/// What the dashboard and exporters show of a circuit breaker.
public struct BreakerView: Sendable, Equatable {
    /// Current state.
    public var state: BreakerState
    /// Failure rate over the window (0...1), or `nil` while warming up.
    public var failureRate: Double?
    /// Slow-call rate over the window (0...1), or `nil` while warming up.
    public var slowCallRate: Double?
    /// Calls recorded in the window.
    public var callsInWindow: Int
    /// The rate rules' `minimumCalls`; with `callsInWindow` gives "warming up k/N".
    public var minimumCalls: Int
    /// Consecutive failures now.
    public var consecutiveFailures: Int
    /// Times the breaker has tripped since start.
    public var trips: Int
    /// Time spent in the current state.
    public var timeInState: Duration
    /// For an open breaker: time until the trial probe is due (zero or less: due now).
    public var probeDueIn: Duration?
    /// Half-open ledger: trial calls permitted, in flight, succeeded, failed.
    public var halfOpen: HalfOpenLedger?
    /// Why the breaker last changed state, in words (e.g. "5 consecutive failures ≥ 5").
    public var lastReason: String?
    /// The last transitions, oldest first (bounded).
    public var timeline: [TransitionRecord]
    /// The failure-rate threshold (0...1) that trips the breaker, when that rule is configured;
    /// the dashboard shows the measured rate against it.
    public var failureRateThreshold: Double?
    /// The slow-call-rate threshold (0...1), when that rule is configured.
    public var slowCallRateThreshold: Double?
    /// The consecutive-failures threshold, when that rule is configured.
    public var consecutiveFailureThreshold: Int?

    /// Creates a breaker view.
    public init(
        state: BreakerState, failureRate: Double? = nil, slowCallRate: Double? = nil, callsInWindow: Int = 0,
        minimumCalls: Int = 0, consecutiveFailures: Int = 0, trips: Int = 0, timeInState: Duration = .zero,
        probeDueIn: Duration? = nil, halfOpen: HalfOpenLedger? = nil, lastReason: String? = nil,
        timeline: [TransitionRecord] = [], failureRateThreshold: Double? = nil,
        slowCallRateThreshold: Double? = nil, consecutiveFailureThreshold: Int? = nil
    ) {
        self.state = state
        self.failureRate = failureRate
        self.slowCallRate = slowCallRate
        self.callsInWindow = callsInWindow
        self.minimumCalls = minimumCalls
        self.consecutiveFailures = consecutiveFailures
        self.trips = trips
        self.timeInState = timeInState
        self.probeDueIn = probeDueIn
        self.halfOpen = halfOpen
        self.lastReason = lastReason
        self.timeline = timeline
        self.failureRateThreshold = failureRateThreshold
        self.slowCallRateThreshold = slowCallRateThreshold
        self.consecutiveFailureThreshold = consecutiveFailureThreshold
    }
}

/// Trial calls in the half-open state.
public struct HalfOpenLedger: Sendable, Equatable {
    /// Trial calls allowed.
    public var permitted: Int
    /// Trial calls running now.
    public var inFlight: Int
    /// Trial calls that succeeded.
    public var succeeded: Int
    /// Trial calls that failed.
    public var failed: Int

    /// Creates a ledger.
    public init(permitted: Int, inFlight: Int = 0, succeeded: Int = 0, failed: Int = 0) {
        self.permitted = permitted
        self.inFlight = inFlight
        self.succeeded = succeeded
        self.failed = failed
    }
}

/// One state change of a breaker, for the timeline.
public struct TransitionRecord: Sendable, Equatable {
    /// Wall-clock time of the change.
    public var at: Date
    /// State before.
    public var from: BreakerState
    /// State after.
    public var to: BreakerState
    /// Why, in words.
    public var reason: String

    /// Creates a transition record.
    public init(at: Date, from: BreakerState, to: BreakerState, reason: String) {
        self.at = at
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// Request counters since start.
public struct RequestCounters: Sendable, Equatable {
    /// Every attempt made (retries included) or rejected.
    public var total: Int = 0
    /// Attempts that passed their expectations.
    public var succeeded: Int = 0
    /// Attempts that failed (any error kind, including status and body mismatches).
    public var failed: Int = 0
    /// Attempts the breaker or rate limiter rejected without touching the network.
    public var rejected: Int = 0
    /// Attempts that timed out (also counted in `failed`).
    public var timeouts: Int = 0
    /// Completed attempts per second over the last few seconds.
    public var perSecond: Double = 0

    /// Creates counters.
    public init(
        total: Int = 0, succeeded: Int = 0, failed: Int = 0, rejected: Int = 0, timeouts: Int = 0,
        perSecond: Double = 0
    ) {
        self.total = total
        self.succeeded = succeeded
        self.failed = failed
        self.rejected = rejected
        self.timeouts = timeouts
        self.perSecond = perSecond
    }

    /// Succeeded over succeeded + failed (0...1), or `nil` before the first completed attempt.
    public var successRatio: Double? {
        let done = succeeded + failed
        return done == 0 ? nil : Double(succeeded) / Double(done)
    }
}

/// Retry counters since start.
public struct RetryCounters: Sendable, Equatable {
    /// Retries made (attempts after the first).
    public var total: Int = 0
    /// Probes that ran out of tries or time and still failed.
    public var exhausted: Int = 0
    /// Retries refused because the retry budget was spent.
    public var budgetDenied: Int = 0
    /// Probes that succeeded only after a retry.
    public var succeededAfterRetry: Int = 0
    /// Fraction of the retry budget left (0...1), if a budget is configured.
    public var budgetLeft: Double?

    /// Creates counters.
    public init(
        total: Int = 0, exhausted: Int = 0, budgetDenied: Int = 0, succeededAfterRetry: Int = 0,
        budgetLeft: Double? = nil
    ) {
        self.total = total
        self.exhausted = exhausted
        self.budgetDenied = budgetDenied
        self.succeededAfterRetry = succeededAfterRetry
        self.budgetLeft = budgetLeft
    }
}

/// Latency percentiles over the rolling window, in milliseconds.
public struct LatencySummary: Sendable, Equatable {
    /// Samples in the window.
    public var count: Int = 0
    /// Median.
    public var p50: Double = 0
    /// 90th percentile.
    public var p90: Double = 0
    /// 99th percentile.
    public var p99: Double = 0
    /// 99.9th percentile.
    public var p999: Double = 0
    /// Largest sample.
    public var max: Double = 0
    /// Mean.
    public var mean: Double = 0
    /// Window length.
    public var window: Duration = .seconds(60)
    /// Bucket counts for the detail pane's histogram: (upper bound in ms, count), ascending.
    public var histogram: [HistogramBucket] = []

    /// Creates a summary.
    public init(
        count: Int = 0, p50: Double = 0, p90: Double = 0, p99: Double = 0, p999: Double = 0, max: Double = 0,
        mean: Double = 0, window: Duration = .seconds(60), histogram: [HistogramBucket] = []
    ) {
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.max = max
        self.mean = mean
        self.window = window
        self.histogram = histogram
    }
}

/// One bar of a latency histogram.
public struct HistogramBucket: Sendable, Equatable {
    /// Upper bound of the bucket in milliseconds.
    public var upperBoundMs: Double
    /// Samples in the bucket.
    public var count: Int

    /// Creates a bucket.
    public init(upperBoundMs: Double, count: Int) {
        self.upperBoundMs = upperBoundMs
        self.count = count
    }
}

/// Phase timings of one probe, in microseconds, derived from libcurl's cumulative timers.
public struct PhaseTimings: Sendable, Equatable {
    /// Name resolution.
    public var dnsMicros: Int64
    /// TCP connect.
    public var connectMicros: Int64
    /// TLS handshake.
    public var tlsMicros: Int64
    /// Time to first byte after the request was sent.
    public var serverWaitMicros: Int64
    /// Body transfer.
    public var transferMicros: Int64
    /// The whole probe.
    public var totalMicros: Int64

    /// Creates phase timings.
    public init(
        dnsMicros: Int64, connectMicros: Int64, tlsMicros: Int64, serverWaitMicros: Int64,
        transferMicros: Int64, totalMicros: Int64
    ) {
        self.dnsMicros = dnsMicros
        self.connectMicros = connectMicros
        self.tlsMicros = tlsMicros
        self.serverWaitMicros = serverWaitMicros
        self.transferMicros = transferMicros
        self.totalMicros = totalMicros
    }
}

/// The last probe's outcome.
public struct LastResult: Sendable, Equatable {
    /// HTTP status, when a response arrived.
    public var status: Int?
    /// The error, when the probe failed.
    public var error: ErrorRecord?
    /// Wall-clock time it completed.
    public var at: Date

    /// Creates a last result.
    public init(status: Int?, error: ErrorRecord?, at: Date) {
        self.status = status
        self.error = error
        self.at = at
    }
}

/// A failed probe, classified, with a message safe to draw (control characters removed).
public struct ErrorRecord: Sendable, Equatable {
    /// The kind, as in the JSON snapshot.
    public var kind: ErrorKind
    /// Human-readable detail (curl's message, the status line, the expectation that failed).
    public var message: String
    /// Wall-clock time it happened.
    public var at: Date

    /// Creates an error record.
    public init(kind: ErrorKind, message: String, at: Date) {
        self.kind = kind
        self.message = message
        self.at = at
    }
}

/// Error kinds, spelled as in the JSON snapshot.
public enum ErrorKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Total timeout.
    case timeout
    /// Nothing listening.
    case connectRefused = "connect_refused"
    /// TCP connect took too long.
    case connectTimeout = "connect_timeout"
    /// Name resolution failed.
    case dns
    /// TLS handshake or verification failed.
    case tls
    /// Connection reset or closed mid-response.
    case reset
    /// The server spoke something other than HTTP.
    case `protocol`
    /// The status did not meet the expectation.
    case status
    /// The body did not meet the expectation.
    case bodyMismatch = "body_mismatch"
    /// A JSON body did not meet an `expect.json` condition (or was not JSON).
    case jsonMismatch = "json_mismatch"
    /// The server's certificate expires within `expect.cert_valid_for`.
    case certExpiring = "cert_expiring"
    /// The body was larger than `max_body`.
    case bodyTooLarge = "body_too_large"
    /// A response header was larger than libcurl accepts (100 KiB).
    case headerTooLarge = "header_too_large"
    /// A redirect was not followed: https to http without `allow_insecure_redirect`, a body
    /// holding a secret resent to another origin, or a target that is not http(s).
    case redirectRefused = "redirect_refused"
    /// Slower than `max_latency`.
    case slow
    /// The breaker rejected the call (no network).
    case circuitOpen = "circuit_open"
    /// The rate limiter rejected the call (queue full or wait too long).
    case rateLimited = "rate_limited"
    /// No connection of the pool came free within the endpoint's `timeout`: the request waited in
    /// the prober's queue and never reached the server (raise `http.max_connections`, or
    /// `http.max_connections_per_host` when one host's endpoints hold its share).
    case poolExhausted = "pool_exhausted"
    /// No file descriptor was left to open the connection (`EMFILE`/`ENFILE`): ethotop's process,
    /// not the server, is at its limit, so the breaker does not record it (see the descriptor
    /// budget in docs/FAULTS.md).
    case descriptorsExhausted = "descriptors_exhausted"
    /// Anything else.
    case other

    /// Whether the call was refused inside ethotop (breaker, limiter, pool, descriptors) and never
    /// reached the server: counted as `rejected`, never recorded by the breaker, never retried.
    public var isLocalRejection: Bool {
        switch self {
        case .circuitOpen, .rateLimited, .poolExhausted, .descriptorsExhausted: true
        default: false
        }
    }
}

/// One named rate limiter.
public struct RateLimitSnapshot: Sendable, Equatable {
    /// The limiter's name from the config.
    public var name: String
    /// Permits per period.
    public var calls: Int
    /// The period.
    public var period: Duration
    /// Most permits the bucket holds (the config's `burst`, by default `calls`).
    public var burst: Int
    /// Permits available now.
    public var permitsAvailable: Double
    /// Waiters queued now.
    public var queueDepth: Int
    /// Most waiters queued at once.
    public var queuePeak: Int
    /// The queue's bound.
    public var maxQueue: Int
    /// Time until the next permit (zero when one is available).
    public var timeToNextPermit: Duration
    /// 99th percentile of time spent waiting, in milliseconds.
    public var waitP99Ms: Double
    /// Calls rejected (queue full or waited too long).
    public var rejected: Int

    /// Creates a rate-limit snapshot; `burst` defaults to `calls`, the limiter's own default.
    public init(
        name: String, calls: Int, period: Duration, permitsAvailable: Double, queueDepth: Int, queuePeak: Int,
        maxQueue: Int, timeToNextPermit: Duration, waitP99Ms: Double, rejected: Int, burst: Int? = nil
    ) {
        self.name = name
        self.calls = calls
        self.period = period
        self.burst = burst ?? calls
        self.permitsAvailable = permitsAvailable
        self.queueDepth = queueDepth
        self.queuePeak = queuePeak
        self.maxQueue = maxQueue
        self.timeToNextPermit = timeToNextPermit
        self.waitP99Ms = waitP99Ms
        self.rejected = rejected
    }
}
