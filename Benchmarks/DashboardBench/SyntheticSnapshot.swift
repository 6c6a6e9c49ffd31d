import Foundation
import Monitor
import Resilience

/// Snapshots with many endpoints, built with the Monitor model's own initialisers: what the
/// engine would publish for a large config, without running one.
enum SyntheticSnapshot {
    static let start = Date(timeIntervalSince1970: 1_714_564_800)

    /// `count` endpoints in a mix of states, with latency summaries and 40-sample sparklines;
    /// `tick` moves the clock and changes the latencies of `changing` endpoints, as a refresh does.
    static func make(count: Int, tick: Int = 0, changing: Int = 40) -> Snapshot {
        let states: [BreakerState] = [.closed, .closed, .closed, .closed, .closed, .closed, .open, .halfOpen]
        var endpoints: [EndpointSnapshot] = []
        endpoints.reserveCapacity(count)
        let now = start + Double(tick)
        for index in 0..<count {
            let moving = index < changing
            let shift = moving ? tick : 0
            let p50 = Double(5 + (index * 37 + shift * 13) % 200)
            var samples: [Double?] = []
            samples.reserveCapacity(40)
            for sample in 0..<40 {
                let value = Double(5 + ((index + sample + shift) * 31) % 400)
                samples.append((sample + index + shift) % 23 == 0 ? nil : value)
            }
            let state = states[(index * 7 + (moving ? tick / 5 : 0)) % states.count]
            var breaker = BreakerView(
                state: state, failureRate: 0.02, slowCallRate: 0.01, callsInWindow: 50, minimumCalls: 10,
                consecutiveFailures: 0, trips: index % 4, timeInState: .seconds(125 + tick),
                lastReason: nil, failureRateThreshold: 0.5, slowCallRateThreshold: 0.8,
                consecutiveFailureThreshold: 5)
            if state == .open { breaker.probeDueIn = .seconds(30 - tick % 30) }
            if state == .halfOpen {
                breaker.halfOpen = HalfOpenLedger(permitted: 3, inFlight: 1, succeeded: 1)
            }
            endpoints.append(
                EndpointSnapshot(
                    name: "svc-\(String((index * 7_919) % count))", group: "team-\(index % 23)",
                    displayURL: "https://svc-\(index).internal.example/health", breaker: breaker,
                    requests: RequestCounters(
                        total: 1_000 + tick, succeeded: 980 + tick, failed: 20, rejected: 3, timeouts: 4,
                        perSecond: 1 + Double(index % 5)),
                    retries: RetryCounters(total: index % 13, exhausted: 0, budgetDenied: 0),
                    rateLimitName: index % 10 == 0 ? "shared" : nil,
                    latency: LatencySummary(
                        count: 600, p50: p50, p90: p50 * 2, p99: p50 * 4, p999: p50 * 5, max: p50 * 6,
                        mean: p50 * 1.2,
                        histogram: [
                            HistogramBucket(upperBoundMs: 10, count: 50),
                            HistogramBucket(upperBoundMs: 100, count: 400),
                            HistogramBucket(upperBoundMs: 1_000, count: 150),
                        ]),
                    recentLatencyMs: samples, last: LastResult(status: 200, error: nil, at: now),
                    policyLines: ["interval: 1s", "timeout: 2s"]))
        }
        return Snapshot(
            source: "bench", generatedAt: now, uptime: .seconds(3_600 + tick),
            scheduler: SchedulerSnapshot(probesTotal: 100_000 + tick * count, probesPerSecond: Double(count)),
            endpoints: endpoints,
            rateLimits: [
                RateLimitSnapshot(
                    name: "shared", calls: 10, period: .seconds(1), permitsAvailable: 3, queueDepth: tick % 8,
                    queuePeak: 9, maxQueue: 20, timeToNextPermit: .milliseconds(120), waitP99Ms: 45,
                    rejected: 2)
            ])
    }

    /// A screenful of events of several kinds.
    static func events(count: Int = 50) -> [Event] {
        (0..<count).map { index in
            let kind: Event.Kind =
                index % 3 == 0 ? .transition(from: .closed, to: .open) : (index % 3 == 1 ? .info : .error)
            return Event(
                sequence: UInt64(index + 1), at: start + Double(index), kind: kind, endpoint: "svc-\(index)",
                message: "event \(index)")
        }
    }
}
