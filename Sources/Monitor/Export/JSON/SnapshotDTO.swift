import Foundation
import Resilience

/// The JSON snapshot, version 1: the frozen wire format of `ethotop snapshot --format json`,
/// `/snapshot.json` and the snapshot lines of `ethotop watch` (docs/JSON.md).
///
/// A separate type from ``Snapshot`` on purpose: the model may grow and be renamed freely, this
/// may only gain fields. Keys are spelled out in `CodingKeys` (snake_case) rather than derived by
/// a key strategy, optional fields are written as explicit `null` rather than left out, and every
/// string that came from outside is sanitised once more here.
public struct SnapshotDTO: Codable, Sendable, Equatable {
    /// The format version; bumped only for a change that is not purely additive.
    public static let currentVersion = 1

    /// Always ``currentVersion``.
    public var version: Int
    /// The config's name, or `"demo"`.
    public var source: String
    /// RFC 3339 UTC time the snapshot was taken.
    public var generatedAt: String
    /// Seconds since the engine started.
    public var uptimeS: Double
    /// Whether polling of every endpoint is paused.
    public var pausedAll: Bool
    /// Scheduler health.
    public var scheduler: SchedulerDTO
    /// One entry per endpoint, in config order.
    public var endpoints: [EndpointDTO]
    /// One entry per named rate limiter, in config order.
    public var rateLimits: [RateLimiterDTO]
    /// The connection pool (added after version 1 shipped, so optional when decoding: older
    /// documents have no `pool`).
    public var pool: PoolDTO?

    enum CodingKeys: String, CodingKey {
        case version, source
        case generatedAt = "generated_at"
        case uptimeS = "uptime_s"
        case pausedAll = "paused_all"
        case scheduler, endpoints
        case rateLimits = "rate_limits"
        case pool
    }

    /// The DTO of `snapshot`.
    public init(_ snapshot: Snapshot) {
        self.init(shellOf: snapshot)
        let limiters = Self.limitersByName(snapshot)
        endpoints = snapshot.endpoints.map { EndpointDTO($0, limiters: limiters) }
    }

    /// Everything of `snapshot` but its endpoints (an empty list), for
    /// ``SnapshotJSONEncoder/write(_:chunkBytes:to:)``, which encodes them one at a time.
    init(shellOf snapshot: Snapshot) {
        version = Self.currentVersion
        source = TextSanitizer.sanitize(snapshot.source)
        generatedAt = RFC3339.string(from: snapshot.generatedAt)
        uptimeS = JSONNumber.seconds(snapshot.uptime)
        pausedAll = snapshot.pausedAll
        scheduler = SchedulerDTO(snapshot.scheduler)
        endpoints = []
        rateLimits = snapshot.rateLimits.map(RateLimiterDTO.init)
        pool = PoolDTO(snapshot.pool)
    }

    /// The snapshot's rate limiters by name (the first of a name wins).
    static func limitersByName(_ snapshot: Snapshot) -> [String: RateLimitSnapshot] {
        Dictionary(snapshot.rateLimits.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension EndpointDTO {
    /// The DTO of `endpoint`, with its rate limiter looked up in `limiters`.
    init(_ endpoint: EndpointSnapshot, limiters: [String: RateLimitSnapshot]) {
        self.init(endpoint, limiter: endpoint.rateLimitName.flatMap { limiters[$0] })
    }
}

/// Scheduler health in the JSON snapshot.
public struct SchedulerDTO: Codable, Sendable, Equatable {
    /// Probes completed since start.
    public var probesTotal: Int
    /// Probes completed per second, recently.
    public var probesPerSecond: Double
    /// Median schedule lateness, ms.
    public var latenessMsP50: Double
    /// 99th percentile schedule lateness, ms.
    public var latenessMsP99: Double
    /// Largest schedule lateness, ms.
    public var latenessMsMax: Double

    enum CodingKeys: String, CodingKey {
        case probesTotal = "probes_total"
        case probesPerSecond = "probes_per_second"
        case latenessMsP50 = "lateness_ms_p50"
        case latenessMsP99 = "lateness_ms_p99"
        case latenessMsMax = "lateness_ms_max"
    }

    /// The DTO of `scheduler`.
    public init(_ scheduler: SchedulerSnapshot) {
        probesTotal = scheduler.probesTotal
        probesPerSecond = JSONNumber.rounded(scheduler.probesPerSecond)
        latenessMsP50 = JSONNumber.rounded(scheduler.latenessP50Ms)
        latenessMsP99 = JSONNumber.rounded(scheduler.latenessP99Ms)
        latenessMsMax = JSONNumber.rounded(scheduler.latenessMaxMs)
    }
}

/// One named rate limiter in the JSON snapshot's top-level `rate_limits` array.
public struct RateLimiterDTO: Codable, Sendable, Equatable {
    /// The limiter's name.
    public var name: String
    /// Permits per period.
    public var calls: Int
    /// The period, seconds.
    public var periodS: Double
    /// Most permits the bucket holds (the largest burst after an idle spell).
    public var burst: Int
    /// Permits available now.
    public var permitsAvailable: Double
    /// Waiters queued now.
    public var queueDepth: Int
    /// Most waiters queued at once.
    public var queuePeak: Int
    /// The queue's bound.
    public var maxQueue: Int
    /// Time until the next permit, ms.
    public var timeToNextPermitMs: Double
    /// 99th percentile wait, ms.
    public var waitMsP99: Double
    /// Calls rejected since start.
    public var rejected: Int

    enum CodingKeys: String, CodingKey {
        case name, calls
        case periodS = "period_s"
        case burst
        case permitsAvailable = "permits_available"
        case queueDepth = "queue_depth"
        case queuePeak = "queue_peak"
        case maxQueue = "max_queue"
        case timeToNextPermitMs = "time_to_next_permit_ms"
        case waitMsP99 = "wait_ms_p99"
        case rejected
    }

    /// The DTO of `limiter`.
    public init(_ limiter: RateLimitSnapshot) {
        name = TextSanitizer.sanitize(limiter.name)
        calls = limiter.calls
        periodS = JSONNumber.seconds(limiter.period)
        burst = limiter.burst
        permitsAvailable = JSONNumber.rounded(limiter.permitsAvailable)
        queueDepth = limiter.queueDepth
        queuePeak = limiter.queuePeak
        maxQueue = limiter.maxQueue
        timeToNextPermitMs = JSONNumber.milliseconds(max(.zero, limiter.timeToNextPermit))
        waitMsP99 = JSONNumber.rounded(limiter.waitP99Ms)
        rejected = limiter.rejected
    }
}
