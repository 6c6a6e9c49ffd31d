import Foundation
import Resilience

@testable import Monitor

/// A fixed snapshot exercising every exported field: a closed endpoint with a rate limit, an
/// open one with a hostile error message, a half-open one with an awkward name and no samples,
/// and a forced-open, paused one.
enum SnapshotFixture {
    static let generatedAt = Date(timeIntervalSince1970: 1_767_225_600.25)  // 2026-01-01T00:00:00.250Z

    static let snapshot = Snapshot(
        source: "fixture",
        generatedAt: generatedAt,
        uptime: .milliseconds(12_345),
        scheduler: SchedulerSnapshot(
            probesTotal: 120, probesPerSecond: 4.5, latenessP50Ms: 0.4, latenessP99Ms: 1.25,
            latenessMaxMs: 3.5),
        endpoints: [api, flaky, weird, isolated],
        rateLimits: [
            RateLimitSnapshot(
                name: "github", calls: 10, period: .seconds(1), permitsAvailable: 2.5, queueDepth: 3,
                queuePeak: 7,
                maxQueue: 100, timeToNextPermit: .milliseconds(40), waitP99Ms: 850, rejected: 4, burst: 20)
        ],
        pool: PoolSnapshot(
            maxConnections: 100, maxConnectionsPerHost: 50, inUse: 72, waiting: 31,
            saturatedHosts: [.init(origin: "http://10.0.0.7:8080", inUse: 50, waiting: 30)]))

    static let api = EndpointSnapshot(
        name: "api", group: "edge", displayURL: "https://api.example.com/health",
        breaker: BreakerView(
            state: .closed, failureRate: 0.1, slowCallRate: 0, callsInWindow: 20, minimumCalls: 10,
            consecutiveFailures: 0, trips: 2, timeInState: .seconds(30)),
        requests: RequestCounters(
            total: 100, succeeded: 90, failed: 8, rejected: 2, timeouts: 3, perSecond: 1.5),
        retries: RetryCounters(
            total: 12, exhausted: 1, budgetDenied: 0, succeededAfterRetry: 5, budgetLeft: 0.8),
        rateLimitName: "github",
        latency: LatencySummary(
            count: 50, p50: 1.2, p90: 2.0, p99: 5.0, p999: 8.0, max: 10.0, mean: 1.6, window: .seconds(60)),
        last: LastResult(status: 200, error: nil, at: generatedAt))

    static let flaky = EndpointSnapshot(
        name: "flaky", group: "edge", displayURL: "http://127.0.0.1:8080/flaky",
        breaker: BreakerView(
            state: .open, failureRate: 0.6, slowCallRate: 0.05, consecutiveFailures: 5, trips: 3,
            probeDueIn: .milliseconds(12_500), lastReason: "5 consecutive failures ≥ 5"),
        requests: RequestCounters(total: 40, succeeded: 10, failed: 25, rejected: 5, timeouts: 20),
        retries: RetryCounters(total: 30, exhausted: 6, budgetDenied: 4),
        latency: LatencySummary(count: 3, p50: 2_000, p90: 2_000, p99: 2_000, p999: 2_000, max: 2_000.5),
        last: LastResult(
            status: nil,
            error: ErrorRecord(
                kind: .timeout, message: "Operation timed out\n\u{1B}[31mafter 2000 ms\u{1B}[0m",
                at: generatedAt),
            at: generatedAt))

    static let weird = EndpointSnapshot(
        name: #"we"ird\name"#, displayURL: "http://***@127.0.0.1:9/x",
        breaker: BreakerView(state: .halfOpen, halfOpen: HalfOpenLedger(permitted: 1, inFlight: 1)),
        last: LastResult(
            status: 503, error: ErrorRecord(kind: .status, message: "503 not in 200-299", at: generatedAt),
            at: generatedAt))

    static let isolated = EndpointSnapshot(
        name: "isolated", group: "core", displayURL: "http://127.0.0.1:9/iso",
        breaker: BreakerView(state: .forcedOpen, trips: 1), paused: true)
}
