import Foundation
import Monitor
import Resilience

@testable import Dashboard

/// Snapshot data for layout tests, built with the Monitor model's own initialisers.
enum Fixtures {
    /// 2024-05-01 12:00:00 UTC: a fixed "now" so clocks print 12:00:00.
    static let now = Date(timeIntervalSince1970: 1_714_564_800)

    /// A healthy endpoint with latency, a sparkline and a policy.
    static func endpoint(
        _ name: String, group: String? = "core", state: BreakerState = .closed, p99: Double = 120,
        rateLimit: String? = nil, paused: Bool = false
    ) -> EndpointSnapshot {
        var breaker = BreakerView(
            state: state, failureRate: 0.02, slowCallRate: 0.01, callsInWindow: 50, minimumCalls: 10,
            consecutiveFailures: 0, trips: 1, timeInState: .seconds(125), lastReason: nil,
            failureRateThreshold: 0.5, slowCallRateThreshold: 0.8, consecutiveFailureThreshold: 5)
        var last = LastResult(status: 200, error: nil, at: now)
        var errors: [ErrorRecord] = []
        switch state {
        case .open:
            breaker.failureRate = 0.62
            breaker.consecutiveFailures = 5
            breaker.probeDueIn = .seconds(18)
            breaker.lastReason = "failure rate 62.0% ≥ 50.0%"
            breaker.timeline = [
                TransitionRecord(at: now - 30, from: .closed, to: .open, reason: "failure rate 62.0% ≥ 50.0%")
            ]
            let error = ErrorRecord(
                kind: .timeout, message: "Operation timed out after 2000 milliseconds", at: now)
            last = LastResult(status: nil, error: error, at: now)
            errors = [error]
        case .halfOpen:
            breaker.halfOpen = HalfOpenLedger(permitted: 3, inFlight: 1, succeeded: 1, failed: 0)
        default:
            break
        }
        var samples: [Double?] = []
        for index in 0..<40 {
            let value = Double(10 + (index * 7) % 90)
            samples.append(index % 13 == 12 ? nil : value)
        }
        return EndpointSnapshot(
            name: name, group: group, displayURL: "https://\(name).example.test/health",
            tlsVerifyDisabled: false, breaker: breaker,
            requests: RequestCounters(
                total: 1_000, succeeded: 980, failed: 20, rejected: 3, timeouts: 4, perSecond: 2.5),
            retries: RetryCounters(
                total: 12, exhausted: 2, budgetDenied: 1, succeededAfterRetry: 9, budgetLeft: 0.8),
            rateLimitName: rateLimit,
            latency: LatencySummary(
                count: 600, p50: 40, p90: 90, p99: p99, p999: p99 * 1.5, max: p99 * 2, mean: 50,
                histogram: [
                    HistogramBucket(upperBoundMs: 10, count: 50),
                    HistogramBucket(upperBoundMs: 50, count: 300),
                    HistogramBucket(upperBoundMs: 100, count: 200),
                    HistogramBucket(upperBoundMs: 500, count: 50),
                ]),
            recentLatencyMs: samples,
            lastPhases: PhaseTimings(
                dnsMicros: 100, connectMicros: 300, tlsMicros: 12_000, serverWaitMicros: 45_000,
                transferMicros: 200,
                totalMicros: 57_600),
            last: last, recentErrors: errors, paused: paused,
            policyLines: [
                "interval: 2s", "timeout: 2s", "retries: 3 (exponential, full jitter)", "tls_verify: true",
            ])
    }

    /// A mixed snapshot: every state, a rate limiter, an insecure endpoint.
    static func snapshot(count: Int = 8) -> Snapshot {
        let states: [BreakerState] = [
            .closed, .open, .halfOpen, .forcedOpen, .disabled, .closed, .closed, .closed,
        ]
        var endpoints = (0..<count).map { index in
            endpoint(
                "svc-\(index)", group: index % 2 == 0 ? "core" : "edge", state: states[index % states.count],
                p99: Double(50 + index * 10), rateLimit: index % 3 == 0 ? "shared" : nil)
        }
        if count > 0 {
            endpoints[0].tlsVerifyDisabled = true
            endpoints[0].policyLines.append("tls_verify: false")
        }
        return Snapshot(
            source: "demo", generatedAt: now, uptime: .seconds(3_725),
            scheduler: SchedulerSnapshot(probesTotal: 10_000, probesPerSecond: 42),
            endpoints: endpoints,
            rateLimits: [
                RateLimitSnapshot(
                    name: "shared", calls: 10, period: .seconds(1), permitsAvailable: 3, queueDepth: 4,
                    queuePeak: 9,
                    maxQueue: 20, timeToNextPermit: .milliseconds(120), waitP99Ms: 45, rejected: 2)
            ])
    }

    /// Some events of every kind.
    static func events() -> [Event] {
        [
            Event(sequence: 1, at: now - 60, kind: .info, endpoint: nil, message: "demo started"),
            Event(
                sequence: 2, at: now - 30, kind: .transition(from: .closed, to: .open), endpoint: "svc-1",
                message: "failure rate 62.0% ≥ 50.0%"),
            Event(
                sequence: 3, at: now - 10, kind: .operatorAction(.reset), endpoint: "svc-1",
                message: "svc-1 reset by local user", author: "local user"),
            Event(sequence: 4, at: now - 5, kind: .error, endpoint: "svc-2", message: "connect refused"),
            Event(
                sequence: 5, at: now - 1, kind: .reload(accepted: true), endpoint: nil,
                message: "config reloaded"),
        ]
    }

    /// Renders a full frame at `width`×`height`.
    static func frame(
        _ snapshot: Snapshot = snapshot(), events: [Event] = events(), state: inout DashboardState,
        width: Int,
        height: Int, ascii: Bool = false
    ) -> (grid: CellGrid, stats: RenderStats) {
        var builder = FrameBuilder()
        let context = RenderContext(glyphs: ascii ? .ascii : .unicode, now: now, utcOffset: 0)
        return builder.build(
            snapshot: snapshot, events: events, state: &state, size: Size(width: width, height: height),
            context: context)
    }
}

extension Fixtures {
    /// `count` endpoints with names that sort differently from config order.
    static func large(_ count: Int) -> Snapshot {
        let states: [BreakerState] = [.closed, .closed, .closed, .open, .halfOpen]
        let base = endpoint("template")
        var endpoints: [EndpointSnapshot] = []
        endpoints.reserveCapacity(count)
        for index in 0..<count {
            var copy = base
            copy.name = "ep-\((index * 7_919) % count)"
            copy.group = "g\(index % 17)"
            copy.breaker.state = states[index % states.count]
            copy.latency.p99 = Double(index % 500)
            endpoints.append(copy)
        }
        return Snapshot(
            source: "large", generatedAt: now, uptime: .seconds(60), scheduler: SchedulerSnapshot(),
            endpoints: endpoints, rateLimits: [])
    }
}
