public import Foundation
import Resilience

/// A JSON document that cannot be turned back into a model value: a required key holds
/// something the model has no word for (an unknown breaker state, a time that is not RFC 3339).
public struct WireFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, naming the key.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// The inverse of the DTOs: what an attached screen or `snapshot --attach` reads back from an
/// agent's JSON is the same ``Snapshot`` the agent's engine published, up to the format's
/// documented rounding (times to milliseconds, durations to microseconds or milliseconds, rates
/// to 4 decimals, other numbers to 3).
extension Snapshot {
    /// The snapshot a ``SnapshotDTO`` describes.
    ///
    /// - Throws: ``WireFormatError`` for an unknown breaker state or a malformed time.
    public init(_ dto: SnapshotDTO) throws(WireFormatError) {
        let limiters = dto.rateLimits.map(RateLimitSnapshot.init)
        var endpoints: [EndpointSnapshot] = []
        endpoints.reserveCapacity(dto.endpoints.count)
        for endpoint in dto.endpoints { endpoints.append(try EndpointSnapshot(endpoint)) }
        self.init(
            source: dto.source, generatedAt: try WireValue.date(dto.generatedAt, "generated_at"),
            uptime: WireValue.seconds(dto.uptimeS),
            scheduler: SchedulerSnapshot(
                probesTotal: dto.scheduler.probesTotal, probesPerSecond: dto.scheduler.probesPerSecond,
                latenessP50Ms: dto.scheduler.latenessMsP50, latenessP99Ms: dto.scheduler.latenessMsP99,
                latenessMaxMs: dto.scheduler.latenessMsMax),
            endpoints: endpoints, rateLimits: limiters, pausedAll: dto.pausedAll,
            pool: dto.pool.map(PoolSnapshot.init) ?? PoolSnapshot())
    }
}

extension EndpointSnapshot {
    /// The endpoint an ``EndpointDTO`` describes.
    public init(_ dto: EndpointDTO) throws(WireFormatError) {
        var errors: [ErrorRecord] = []
        for error in dto.recentErrors { errors.append(try ErrorRecord(error, defaultAt: nil)) }
        self.init(
            name: dto.name, group: dto.group, displayURL: dto.url, tlsVerifyDisabled: dto.tlsVerifyDisabled,
            breaker: try BreakerView(dto.breaker),
            requests: RequestCounters(
                total: dto.requests.total, succeeded: dto.requests.succeeded, failed: dto.requests.failed,
                rejected: dto.requests.rejected, timeouts: dto.requests.timeouts,
                perSecond: dto.requests.perSecond),
            retries: RetryCounters(
                total: dto.retries.total, exhausted: dto.retries.exhausted,
                budgetDenied: dto.retries.budgetDenied, succeededAfterRetry: dto.retries.succeededAfterRetry,
                budgetLeft: dto.retries.budgetLeft),
            rateLimitName: dto.rateLimit?.name,
            latency: LatencySummary(
                count: dto.latencyMs.count, p50: dto.latencyMs.p50, p90: dto.latencyMs.p90,
                p99: dto.latencyMs.p99, p999: dto.latencyMs.p999, max: dto.latencyMs.max,
                mean: dto.latencyMs.mean, window: WireValue.seconds(dto.latencyMs.windowS),
                histogram: dto.latencyMs.histogram.map {
                    HistogramBucket(upperBoundMs: $0.upperBoundMs, count: $0.count)
                }),
            recentLatencyMs: dto.recentLatencyMs,
            lastPhases: dto.lastPhasesUs.map {
                PhaseTimings(
                    dnsMicros: $0.dnsUs, connectMicros: $0.connectUs, tlsMicros: $0.tlsUs,
                    serverWaitMicros: $0.serverWaitUs, transferMicros: $0.transferUs, totalMicros: $0.totalUs)
            },
            last: try dto.last.map { last throws(WireFormatError) in try LastResult(last) },
            recentErrors: errors, paused: dto.paused, policyLines: dto.policy)
    }
}

extension BreakerView {
    /// The breaker a ``BreakerDTO`` describes.
    public init(_ dto: BreakerDTO) throws(WireFormatError) {
        var timeline: [TransitionRecord] = []
        for record in dto.timeline {
            timeline.append(
                TransitionRecord(
                    at: try WireValue.date(record.at, "breaker.timeline[].at"),
                    from: try WireValue.state(record.from), to: try WireValue.state(record.to),
                    reason: record.reason))
        }
        self.init(
            state: try WireValue.state(dto.state), failureRate: dto.failureRate,
            slowCallRate: dto.slowCallRate,
            callsInWindow: dto.callsInWindow, minimumCalls: dto.minimumCalls,
            consecutiveFailures: dto.consecutiveFailures, trips: dto.trips,
            timeInState: WireValue.seconds(dto.timeInStateS),
            probeDueIn: dto.probeDueInMs.map(WireValue.milliseconds),
            halfOpen: dto.halfOpen.map {
                HalfOpenLedger(
                    permitted: $0.permitted, inFlight: $0.inFlight, succeeded: $0.succeeded, failed: $0.failed
                )
            },
            lastReason: dto.lastReason, timeline: timeline, failureRateThreshold: dto.failureRateThreshold,
            slowCallRateThreshold: dto.slowCallRateThreshold,
            consecutiveFailureThreshold: dto.consecutiveFailureThreshold)
    }
}

extension LastResult {
    /// The last result a ``LastDTO`` describes.
    public init(_ dto: LastDTO) throws(WireFormatError) {
        let at = try WireValue.date(dto.at, "last.at")
        self.init(
            status: dto.status,
            error: try dto.error.map { error throws(WireFormatError) in try ErrorRecord(error, defaultAt: at)
            },
            at: at)
    }
}

extension ErrorRecord {
    /// The error an ``ErrorDTO`` describes; an unknown kind reads as `other`, and a document
    /// without `at` (older than the key) takes `defaultAt`.
    public init(_ dto: ErrorDTO, defaultAt: Date?) throws(WireFormatError) {
        let at: Date
        if let text = dto.at {
            at = try WireValue.date(text, "error.at")
        } else if let defaultAt {
            at = defaultAt
        } else {
            throw WireFormatError("error.at: missing")
        }
        self.init(kind: ErrorKind(rawValue: dto.kind) ?? .other, message: dto.message, at: at)
    }
}

extension RateLimitSnapshot {
    /// The limiter a ``RateLimiterDTO`` describes.
    public init(_ dto: RateLimiterDTO) {
        self.init(
            name: dto.name, calls: dto.calls, period: WireValue.seconds(dto.periodS),
            permitsAvailable: dto.permitsAvailable, queueDepth: dto.queueDepth, queuePeak: dto.queuePeak,
            maxQueue: dto.maxQueue, timeToNextPermit: WireValue.milliseconds(dto.timeToNextPermitMs),
            waitP99Ms: dto.waitMsP99, rejected: dto.rejected, burst: dto.burst)
    }
}

extension PoolSnapshot {
    /// The pool a ``PoolDTO`` describes.
    public init(_ dto: PoolDTO) {
        self.init(
            maxConnections: dto.maxConnections, maxConnectionsPerHost: dto.maxConnectionsPerHost,
            inUse: dto.inUse, waiting: dto.waiting,
            saturatedHosts: dto.saturatedHosts.map {
                SaturatedHost(origin: $0.origin, inUse: $0.inUse, waiting: $0.waiting)
            })
    }
}

/// Reading the format's scalars back: times, durations in their key's unit, states.
enum WireValue {
    /// An RFC 3339 time.
    static func date(_ text: String, _ key: String) throws(WireFormatError) -> Date {
        guard let date = RFC3339.date(from: text) else {
            throw WireFormatError(
                "\(key): not an RFC 3339 time: \(TextSanitizer.sanitize(text, maxLength: 64))")
        }
        return date
    }

    /// A breaker state as spelled in `breaker.state`.
    static func state(_ text: String) throws(WireFormatError) -> BreakerState {
        guard let state = BreakerState(rawValue: text) else {
            throw WireFormatError("unknown breaker state: \(TextSanitizer.sanitize(text, maxLength: 64))")
        }
        return state
    }

    /// A `_s` number as a duration, to the nanosecond (so `12.345` is exactly 12,345 ms).
    static func seconds(_ value: Double) -> Duration {
        nanoseconds(value * 1e9)
    }

    /// A `_ms` number as a duration.
    static func milliseconds(_ value: Double) -> Duration {
        nanoseconds(value * 1e6)
    }

    private static func nanoseconds(_ value: Double) -> Duration {
        guard value.isFinite else { return .zero }
        let clamped = min(max(value.rounded(), -9.2e18), 9.2e18)
        return .nanoseconds(Int64(clamped))
    }
}
