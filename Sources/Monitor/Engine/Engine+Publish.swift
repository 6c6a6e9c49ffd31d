import Foundation
import Probe
import Resilience

extension Engine {
    /// Publishes a snapshot every refresh interval until cancelled, if the previous one was read.
    ///
    /// Building a snapshot reads every endpoint (breaker, counters, latency window); at 10,000
    /// endpoints that is tens of milliseconds, four times a second at the default refresh. The
    /// dashboard and `watch` read every refresh, so for them nothing changes; `snapshot` and
    /// `serve` read once at the end or once per scrape, and no longer pay for snapshots nobody
    /// reads. A reader that finds the latest snapshot older than two refresh intervals (because
    /// the publisher skipped) builds a fresh one itself (``latest()``).
    func runPublisher() async {
        while !Task.isCancelled {
            await publisherTimer.sleep(until: clock.now().advanced(by: refresh))
            if Task.isCancelled { return }
            if published.withLock({ $0.read }) { publish() }
        }
    }

    /// Builds a snapshot of everything now and makes it the latest (unless a newer one was
    /// stored meanwhile, by a reader building concurrently); returns the latest.
    @discardableResult
    func publish() -> Snapshot {
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
                rejected: snapshot.rejected, burst: snapshot.configuration.burst)
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
            pausedAll: pausedAll,
            pool: PoolSnapshot(prober.stats))
        return published.withLock { published in
            if published.at <= now {
                published = PublishedSnapshot(snapshot: snapshot, at: now, read: false)
            }
            return published.snapshot
        }
    }
}

extension PoolSnapshot {
    /// The pool as the prober's loop last published it.
    init(_ stats: ProberStats) {
        self.init(
            maxConnections: stats.maxConnections, maxConnectionsPerHost: stats.maxConnectionsPerHost,
            inUse: stats.inFlight, waiting: stats.queued,
            saturatedHosts: stats.saturatedHosts.map {
                SaturatedHost(origin: $0.origin, inUse: $0.inUse, waiting: $0.waiting)
            })
    }
}
