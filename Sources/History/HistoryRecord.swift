public import Foundation

/// A breaker transition as history keeps it: when, which endpoint, from and to, why, and the
/// breaker's counts at that moment.
public struct HistoryTransition: Sendable, Equatable {
    /// Wall-clock time of the change.
    public var at: Date
    /// The endpoint's name.
    public var endpoint: String
    /// The endpoint's group, if any.
    public var group: String?
    /// State before (`closed`, `open`, `half_open`, `forced_open`, `disabled`).
    public var from: String
    /// State after.
    public var to: String
    /// Why, in words.
    public var reason: String
    /// Consecutive failures when the transition was recorded.
    public var consecutiveFailures: Int
    /// Failure rate over the breaker's window (0...1) when recorded, if warmed up.
    public var failureRate: Double?
    /// Trips since the engine started.
    public var trips: Int
    /// The endpoint's last error kind when recorded (what an outage started with), if any.
    public var errorKind: String?

    /// Creates a transition record.
    public init(
        at: Date, endpoint: String, group: String?, from: String, to: String, reason: String,
        consecutiveFailures: Int = 0, failureRate: Double? = nil, trips: Int = 0, errorKind: String? = nil
    ) {
        self.at = at
        self.endpoint = endpoint
        self.group = group
        self.from = from
        self.to = to
        self.reason = reason
        self.consecutiveFailures = consecutiveFailures
        self.failureRate = failureRate
        self.trips = trips
        self.errorKind = errorKind
    }
}

/// An operator action: who did what to which endpoints.
public struct HistoryAction: Sendable, Equatable {
    /// When it was applied.
    public var at: Date
    /// Who: the agent's authenticated caller, or "local user" at the dashboard.
    public var who: String
    /// The action (`reset`, `force_open`, …).
    public var action: String
    /// The target as the engine describes it (`endpoint checkout`, `group shop`, `all endpoints`).
    public var target: String
    /// The endpoint, when the target is one endpoint.
    public var endpoint: String?

    /// Creates an action record.
    public init(at: Date, who: String, action: String, target: String, endpoint: String? = nil) {
        self.at = at
        self.who = who
        self.action = action
        self.target = target
        self.endpoint = endpoint
    }
}

/// An engine event other than transitions and actions: reloads, errors, notes.
public struct HistoryNote: Sendable, Equatable {
    /// When it happened.
    public var at: Date
    /// `reload`, `reload_rejected`, `error`, `info`, or `history` (the recorder's own notes).
    public var kind: String
    /// The endpoint concerned, if any.
    public var endpoint: String?
    /// The event's message (already sanitised by the engine).
    public var message: String

    /// Creates a note.
    public init(at: Date, kind: String, endpoint: String? = nil, message: String) {
        self.at = at
        self.kind = kind
        self.endpoint = endpoint
        self.message = message
    }
}

/// One endpoint's probes over one time bucket.
public struct HistoryBucket: Sendable, Equatable {
    /// The endpoint's name.
    public var endpoint: String
    /// The endpoint's group, if any.
    public var group: String?
    /// Start of the bucket, whole seconds since the epoch, a multiple of `width`.
    public var start: Int64
    /// Width in seconds (10 s when written, 60 s and 600 s after rollups).
    public var width: Int
    /// Attempts that passed.
    public var succeeded: Int
    /// Attempts that failed (any kind, timeouts included).
    public var failed: Int
    /// Attempts that timed out.
    public var timeouts: Int
    /// Calls rejected by the breaker, rate limiter or pool.
    public var rejected: Int
    /// Retries made.
    public var retries: Int
    /// Latency percentiles of the engine's rolling window at the bucket's end, in ms.
    public var p50Ms: Double
    /// 90th percentile, ms.
    public var p90Ms: Double
    /// 99th percentile, ms.
    public var p99Ms: Double
    /// Largest latency in the window, ms.
    public var maxMs: Double
    /// Time spent with the breaker not closed during the bucket, in seconds (as sampled).
    public var downSeconds: Int
    /// The last error kind seen in the bucket, if any attempt failed.
    public var errorKind: String?

    /// Creates a bucket.
    public init(
        endpoint: String, group: String? = nil, start: Int64, width: Int, succeeded: Int = 0, failed: Int = 0,
        timeouts: Int = 0, rejected: Int = 0, retries: Int = 0, p50Ms: Double = 0, p90Ms: Double = 0,
        p99Ms: Double = 0, maxMs: Double = 0, downSeconds: Int = 0, errorKind: String? = nil
    ) {
        self.endpoint = endpoint
        self.group = group
        self.start = start
        self.width = width
        self.succeeded = succeeded
        self.failed = failed
        self.timeouts = timeouts
        self.rejected = rejected
        self.retries = retries
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.downSeconds = downSeconds
        self.errorKind = errorKind
    }
}

/// One rate limiter over one time bucket.
public struct HistoryRateLimitBucket: Sendable, Equatable {
    /// The limiter's name.
    public var name: String
    /// Start of the bucket, seconds since the epoch.
    public var start: Int64
    /// Width in seconds.
    public var width: Int
    /// Deepest queue seen in the bucket (as sampled).
    public var depthMax: Int
    /// The limiter's own peak at the bucket's end.
    public var peak: Int
    /// Calls rejected during the bucket.
    public var rejected: Int

    /// Creates a rate-limit bucket.
    public init(name: String, start: Int64, width: Int, depthMax: Int, peak: Int, rejected: Int) {
        self.name = name
        self.start = start
        self.width = width
        self.depthMax = depthMax
        self.peak = peak
        self.rejected = rejected
    }
}

/// What one sample of the engine adds to history: written in one transaction.
public struct HistoryBatch: Sendable, Equatable {
    /// Breaker transitions.
    public var transitions: [HistoryTransition] = []
    /// Operator actions.
    public var actions: [HistoryAction] = []
    /// Other events.
    public var notes: [HistoryNote] = []
    /// Closed endpoint buckets.
    public var buckets: [HistoryBucket] = []
    /// Closed rate-limit buckets.
    public var rateLimits: [HistoryRateLimitBucket] = []

    /// Creates a batch.
    public init(
        transitions: [HistoryTransition] = [], actions: [HistoryAction] = [], notes: [HistoryNote] = [],
        buckets: [HistoryBucket] = [], rateLimits: [HistoryRateLimitBucket] = []
    ) {
        self.transitions = transitions
        self.actions = actions
        self.notes = notes
        self.buckets = buckets
        self.rateLimits = rateLimits
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool {
        transitions.isEmpty && actions.isEmpty && notes.isEmpty && buckets.isEmpty && rateLimits.isEmpty
    }

    /// Rows in the batch.
    public var rowCount: Int {
        transitions.count + actions.count + notes.count + buckets.count + rateLimits.count
    }
}
