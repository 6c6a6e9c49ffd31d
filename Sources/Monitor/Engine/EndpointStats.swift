import Foundation
import Probe
import Resilience
import Synchronization

/// One endpoint's counters and recent history, mutated under a lock by the pipeline.
struct EndpointStats: Sendable {
    var requests = RequestCounters()
    var attemptRate = RateCounter()
    var last: LastResult?
    var lastPhases: PhaseTimings?
    var recentErrors = BoundedList<ErrorRecord>(capacity: 8)
    var timeline = BoundedList<TransitionRecord>(capacity: 16)
    var paused = false
    /// The leaf certificate of the latest new TLS connection.
    var certificate: PeerCertificate?

    /// Counts one attempt's verdict.
    mutating func record(_ verdict: ProbeVerdict, now: Instant, at date: Date) {
        requests.total += 1
        attemptRate.record(now: now)
        switch verdict.errorKind {
        case nil:
            requests.succeeded += 1
        case let kind? where kind.isLocalRejection:
            requests.rejected += 1
        case let kind?:
            requests.failed += 1
            if kind == .timeout { requests.timeouts += 1 }
        }
        guard !(verdict.errorKind?.isLocalRejection ?? false) else {
            // A rejection is not a probe result: keep showing the last real one.
            if let kind = verdict.errorKind {
                recentErrors.append(ErrorRecord(kind: kind, message: verdict.message, at: date))
            }
            return
        }
        let error = verdict.errorKind.map { ErrorRecord(kind: $0, message: verdict.message, at: date) }
        last = LastResult(status: verdict.status, error: error, at: date)
        if let phases = verdict.phases { lastPhases = phases }
        if let certificate = verdict.certificate { self.certificate = certificate }
        if let error { recentErrors.append(error) }
    }
}

/// The lock around an endpoint's stats, shared by the pipeline and the breaker's transition hook.
final class EndpointStatsBox: Sendable {
    let stats = Mutex(EndpointStats())
}
