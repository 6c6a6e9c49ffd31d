import Foundation
import Resilience

extension Engine {
    /// Publishes a snapshot every refresh interval until cancelled.
    func runPublisher() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: refresh)
            } catch {
                return
            }
            publish()
        }
    }

    /// Builds a snapshot of everything now and makes it the latest.
    func publish() {
        let now = clock.now()
        let (runtimes, limiters, config, pausedAll) = table.withLock {
            ($0.runtimes, $0.limiters, $0.config, $0.pausedAll)
        }
        let endpoints = runtimes.map { $0.snapshot(now: now, detail: true) }
        let rateLimits = config.orderedRateLimits.compactMap { spec -> RateLimitSnapshot? in
            guard let named = limiters[spec.name] else { return nil }
            let snapshot = named.limiter.snapshot()
            return RateLimitSnapshot(
                name: spec.name, calls: spec.calls, period: spec.period,
                permitsAvailable: snapshot.permitsAvailable, queueDepth: snapshot.queueDepth,
                queuePeak: snapshot.queuePeak, maxQueue: spec.maxQueue,
                timeToNextPermit: snapshot.timeToNextPermit, waitP99Ms: snapshot.waitP99.milliseconds,
                rejected: snapshot.rejected)
        }
        let counters = scheduler.withLock { $0 }
        let lateSummary = lateness.summary(detail: false)
        let snapshot = Snapshot(
            source: options.source,
            generatedAt: timeBase.date(now),
            uptime: timeBase.startInstant.duration(to: now),
            scheduler: SchedulerSnapshot(
                probesTotal: counters.probesTotal, probesPerSecond: counters.rate.perSecond(now: now),
                latenessP50Ms: lateSummary.p50.milliseconds, latenessP99Ms: lateSummary.p99.milliseconds,
                latenessMaxMs: lateSummary.max.milliseconds),
            endpoints: endpoints,
            rateLimits: rateLimits,
            pausedAll: pausedAll)
        published.withLock { $0 = snapshot }
    }
}
