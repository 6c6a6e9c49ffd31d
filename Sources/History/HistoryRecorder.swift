public import Foundation
public import Monitor

/// Turns the engine's snapshots and events into history rows: a value-type state machine fed one
/// sample at a time (by ``HistoryWriter``'s sampler, never on the probe loop).
///
/// Counters in a snapshot are cumulative since the engine started; a bucket's counts are the
/// difference between the samples that close it and the one before (so bucket edges are exact
/// to one sample). Transitions come from each breaker's own timeline, not the bounded event
/// ring, so a mass outage that overflows the ring still has every transition recorded.
public struct HistoryRecorder: Sendable {
    private struct Cumulative: Sendable {
        var succeeded = 0
        var failed = 0
        var timeouts = 0
        var rejected = 0
        var retries = 0
    }

    private struct Open: Sendable {
        var downSeconds: Double = 0
        var errorKind: String?
    }

    /// Width of a bucket, seconds.
    public let bucketSeconds: Int
    private var bucketStart: Int64?
    private var closedAt: [String: Cumulative] = [:]
    private var open: [String: Open] = [:]
    private var lastTransitionAt: [String: Date] = [:]
    private var limiterRejectedAt: [String: Int] = [:]
    private var limiterDepth: [String: Int] = [:]
    private var lastSampleAt: Date?
    /// The last event sequence read.
    public private(set) var lastEventSequence: UInt64 = 0
    /// Events the ring dropped before they were read (a sequence gap).
    public private(set) var eventsMissed: UInt64 = 0

    /// Creates a recorder for buckets of `bucketSeconds`.
    public init(bucketSeconds: Int = 10) {
        self.bucketSeconds = max(1, bucketSeconds)
    }

    /// Who performed an operator action: the author the agent recorded (`root (pid 4242)`,
    /// `token ci`), else the one person at a standalone dashboard's keyboard.
    public static func actor(of event: Event) -> String { event.author ?? "local user" }

    /// Folds in one sample; returns the rows it completes: new transitions and events, and the
    /// buckets that closed since the previous sample.
    public mutating func sample(_ snapshot: Snapshot, events: [Event]) -> HistoryBatch {
        var batch = HistoryBatch()
        let at = snapshot.generatedAt
        let start =
            Int64((at.timeIntervalSince1970 / Double(bucketSeconds)).rounded(.down)) * Int64(bucketSeconds)
        if let bucketStart, start > bucketStart { close(snapshot, into: &batch) }
        if bucketStart == nil || start > (bucketStart ?? 0) { bucketStart = start }
        let elapsed = lastSampleAt.map { max(0, at.timeIntervalSince($0)) } ?? 0
        lastSampleAt = at
        for endpoint in snapshot.endpoints {
            var entry = open[endpoint.name] ?? Open()
            if endpoint.breaker.state != .closed && endpoint.breaker.state != .disabled {
                entry.downSeconds += elapsed
            }
            let bucketDate = Date(timeIntervalSince1970: Double(bucketStart ?? start))
            if let error = endpoint.recentErrors.last(where: { !$0.kind.isLocalRejection }),
                error.at >= bucketDate
            {
                entry.errorKind = error.kind.rawValue
            }
            open[endpoint.name] = entry
            let seen = lastTransitionAt[endpoint.name]
            for record in endpoint.breaker.timeline where seen.map({ record.at > $0 }) ?? true {
                batch.transitions.append(
                    HistoryTransition(
                        at: record.at, endpoint: endpoint.name, group: endpoint.group,
                        from: record.from.rawValue,
                        to: record.to.rawValue, reason: record.reason,
                        consecutiveFailures: endpoint.breaker.consecutiveFailures,
                        failureRate: endpoint.breaker.failureRate, trips: endpoint.breaker.trips,
                        errorKind: endpoint.recentErrors.last { !$0.kind.isLocalRejection }?.kind.rawValue))
            }
            if let last = endpoint.breaker.timeline.last?.at { lastTransitionAt[endpoint.name] = last }
        }
        for limiter in snapshot.rateLimits {
            limiterDepth[limiter.name] = max(limiterDepth[limiter.name] ?? 0, limiter.queueDepth)
        }
        for event in events {
            if event.sequence > lastEventSequence + 1 && lastEventSequence > 0 {
                eventsMissed += event.sequence - lastEventSequence - 1
            }
            lastEventSequence = max(lastEventSequence, event.sequence)
            record(event, into: &batch)
        }
        return batch
    }

    /// Closes the open bucket now (at a clean stop), so its counts are not lost.
    public mutating func flush(_ snapshot: Snapshot, events: [Event]) -> HistoryBatch {
        var batch = sample(snapshot, events: events)
        if bucketStart != nil { close(snapshot, into: &batch) }
        return batch
    }

    private mutating func record(_ event: Event, into batch: inout HistoryBatch) {
        switch event.kind {
        case .transition:
            break  // from the breakers' timelines
        case .operatorAction(let action):
            let prefix = "operator: \(action.rawValue) "
            let target =
                event.message.hasPrefix(prefix)
                ? String(event.message.dropFirst(prefix.count)) : event.message
            batch.actions.append(
                HistoryAction(
                    at: event.at, who: Self.actor(of: event), action: action.rawValue, target: target,
                    endpoint: event.endpoint))
        case .reload(let accepted):
            batch.notes.append(
                HistoryNote(
                    at: event.at, kind: accepted ? "reload" : "reload_rejected", endpoint: event.endpoint,
                    message: event.message))
        case .error:
            batch.notes.append(
                HistoryNote(at: event.at, kind: "error", endpoint: event.endpoint, message: event.message))
        case .info:
            batch.notes.append(
                HistoryNote(at: event.at, kind: "info", endpoint: event.endpoint, message: event.message))
        }
    }

    private mutating func close(_ snapshot: Snapshot, into batch: inout HistoryBatch) {
        guard let start = bucketStart else { return }
        for endpoint in snapshot.endpoints {
            let now = Cumulative(
                succeeded: endpoint.requests.succeeded, failed: endpoint.requests.failed,
                timeouts: endpoint.requests.timeouts, rejected: endpoint.requests.rejected,
                retries: endpoint.retries.total)
            // A reloaded endpoint starts counting from zero again.
            var base = closedAt[endpoint.name] ?? Cumulative()
            if now.succeeded < base.succeeded || now.failed < base.failed || now.rejected < base.rejected {
                base = Cumulative()
            }
            let entry = open[endpoint.name] ?? Open()
            let failed = now.failed - base.failed
            batch.buckets.append(
                HistoryBucket(
                    endpoint: endpoint.name, group: endpoint.group, start: start, width: bucketSeconds,
                    succeeded: now.succeeded - base.succeeded, failed: failed,
                    timeouts: max(0, now.timeouts - base.timeouts), rejected: now.rejected - base.rejected,
                    retries: max(0, now.retries - base.retries), p50Ms: endpoint.latency.p50,
                    p90Ms: endpoint.latency.p90, p99Ms: endpoint.latency.p99, maxMs: endpoint.latency.max,
                    downSeconds: min(bucketSeconds, Int(entry.downSeconds.rounded())),
                    errorKind: failed > 0 ? entry.errorKind : nil))
            closedAt[endpoint.name] = now
        }
        open = [:]
        for limiter in snapshot.rateLimits {
            let rejected = limiter.rejected - (limiterRejectedAt[limiter.name] ?? 0)
            batch.rateLimits.append(
                HistoryRateLimitBucket(
                    name: limiter.name, start: start, width: bucketSeconds,
                    depthMax: max(limiterDepth[limiter.name] ?? 0, limiter.queueDepth),
                    peak: limiter.queuePeak,
                    rejected: max(0, rejected)))
            limiterRejectedAt[limiter.name] = limiter.rejected
        }
        limiterDepth = [:]
        bucketStart = nil
    }
}
