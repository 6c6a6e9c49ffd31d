/// What the dashboard and exporters show of a rate limiter at one instant.
///
/// Taking it never changes the limiter (the bucket's refill is computed, not applied).
public struct RateLimiterSnapshot: Sendable, Hashable {
    /// The limiter's configuration (calls, period, burst, maxQueue, maxWait).
    public var configuration: RateLimiterConfiguration
    /// Permits in the bucket now, fractional (a bar can show it filling); zero while callers wait,
    /// since accruing credit already belongs to the head of the queue.
    public var permitsAvailable: Double
    /// Callers waiting now.
    public var queueDepth: Int
    /// Most callers waiting at once since the limiter was made.
    public var queuePeak: Int
    /// How long a caller arriving now would wait (zero when a permit is free).
    public var timeToNextPermit: Duration
    /// Permits granted and kept since the limiter was made.
    public var granted: Int
    /// Callers rejected because the queue was full.
    public var rejectedQueueFull: Int
    /// Callers rejected because their wait would exceed, or did exceed, `maxWait`.
    public var rejectedWait: Int
    /// Callers that gave up (task cancelled) while queued or in the instant they were granted.
    public var cancelled: Int
    /// Granted calls in the wait-time window (default 60 s).
    public var waitSamples: Int = 0
    /// Median time granted calls waited for their permit, over the window.
    public var waitP50: Duration = .zero
    /// 90th percentile of waiting time.
    public var waitP90: Duration = .zero
    /// 99th percentile of waiting time.
    public var waitP99: Duration = .zero
    /// Longest wait in the window.
    public var waitMax: Duration = .zero

    /// Every rejection, whatever the reason.
    public var rejected: Int { rejectedQueueFull + rejectedWait }

    /// Creates a snapshot.
    public init(
        configuration: RateLimiterConfiguration, permitsAvailable: Double, queueDepth: Int, queuePeak: Int,
        timeToNextPermit: Duration, granted: Int, rejectedQueueFull: Int, rejectedWait: Int, cancelled: Int
    ) {
        self.configuration = configuration
        self.permitsAvailable = permitsAvailable
        self.queueDepth = queueDepth
        self.queuePeak = queuePeak
        self.timeToNextPermit = timeToNextPermit
        self.granted = granted
        self.rejectedQueueFull = rejectedQueueFull
        self.rejectedWait = rejectedWait
        self.cancelled = cancelled
    }
}
