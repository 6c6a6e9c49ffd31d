import Foundation
import Resilience

extension EndpointRuntime {
    /// The endpoint as the dashboard and exporters see it at `now`. Reading changes nothing.
    func snapshot(now: Instant, detail: Bool) -> EndpointSnapshot {
        let breakerSnapshot = breaker.snapshot()
        let stats = box.stats.withLock { $0 }
        let summary = latency.summary(detail: detail)
        let retryMetrics = retry.metrics
        var requests = stats.requests
        let wallNow = timeBase.date(now)
        requests.perSecond = stats.attemptRate.perSecond(now: now)
        return EndpointSnapshot(
            name: config.name,
            group: config.group,
            displayURL: displayURL,
            tlsVerifyDisabled: config.tlsVerifyDisabled,
            breaker: breakerView(breakerSnapshot, timeline: stats.timeline.elements),
            requests: requests,
            retries: RetryCounters(
                total: retryMetrics.retries, exhausted: retryMetrics.exhausted,
                budgetDenied: retryMetrics.deniedByBudget,
                succeededAfterRetry: retryMetrics.successesAfterRetry,
                budgetLeft: budget?.fractionLeft(now: now)),
            rateLimitName: limiter?.name,
            latency: LatencySummary(
                count: summary.count, p50: summary.p50.milliseconds, p90: summary.p90.milliseconds,
                p99: summary.p99.milliseconds, p999: summary.p999.milliseconds, max: summary.max.milliseconds,
                mean: summary.mean.milliseconds, window: summary.window,
                histogram: summary.buckets.map {
                    HistogramBucket(upperBoundMs: $0.upperBound.milliseconds, count: $0.count)
                }),
            recentLatencyMs: summary.recent.map { $0?.milliseconds },
            lastPhases: stats.lastPhases,
            last: stats.last,
            recentErrors: stats.recentErrors.elements,
            paused: stats.paused,
            policyLines: policyLines,
            tls: stats.certificate.map { leaf in
                TLSCertificate(
                    notAfter: Date(timeIntervalSince1970: TimeInterval(leaf.notAfter)),
                    issuer: TextSanitizer.sanitize(leaf.issuer, maxLength: 200),
                    subject: TextSanitizer.sanitize(leaf.subject, maxLength: 200)
                ).at(wallNow)
            }
        )
    }

    private func breakerView(_ snapshot: CircuitBreakerSnapshot, timeline: [TransitionRecord]) -> BreakerView
    {
        let configuration = breaker.configuration
        return BreakerView(
            state: snapshot.state,
            failureRate: snapshot.isWarmingUp ? nil : snapshot.failureRate,
            slowCallRate: snapshot.isWarmingUp ? nil : snapshot.slowCallRate,
            callsInWindow: snapshot.callsInWindow,
            minimumCalls: snapshot.minimumCalls,
            consecutiveFailures: snapshot.consecutiveFailures,
            trips: snapshot.trips,
            timeInState: snapshot.timeInState,
            probeDueIn: snapshot.state == .open ? snapshot.trialDueIn : nil,
            halfOpen: snapshot.halfOpen.map {
                HalfOpenLedger(
                    permitted: $0.permitted, inFlight: $0.inFlight, succeeded: $0.succeeded, failed: $0.failed
                )
            },
            lastReason: snapshot.lastTransition?.reason.description,
            timeline: timeline,
            failureRateThreshold: configuration.failureRateThreshold,
            slowCallRateThreshold: configuration.slowCallRateThreshold,
            consecutiveFailureThreshold: configuration.failureThreshold
        )
    }
}
