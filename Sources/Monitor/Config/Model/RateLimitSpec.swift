/// A named rate limiter shared by the endpoints that name it (`rate_limits:`).
public struct RateLimitSpec: Sendable, Hashable {
    /// The name endpoints refer to.
    public var name: String
    /// Permits per period.
    public var calls: Int
    /// The period.
    public var period: Duration
    /// Most permits the bucket holds, i.e. the largest burst after an idle spell; `nil` means the
    /// default, ``calls`` (see ``effectiveBurst``).
    public var burst: Int?
    /// Callers allowed to wait for a permit; more are rejected at once.
    public var maxQueue: Int
    /// A caller that would wait longer than this is rejected.
    public var maxWait: Duration

    /// Creates a rate limit.
    public init(
        name: String, calls: Int, period: Duration, burst: Int? = nil, maxQueue: Int = 100,
        maxWait: Duration = .seconds(5)
    ) {
        self.name = name
        self.calls = calls
        self.period = period
        self.burst = burst
        self.maxQueue = maxQueue
        self.maxWait = maxWait
    }

    /// The bucket's capacity in force: ``burst`` when set, else ``calls``.
    public var effectiveBurst: Int { burst ?? calls }
}
