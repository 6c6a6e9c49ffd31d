import Foundation
import Resilience

/// Renders a ``Snapshot`` as Prometheus metrics (text exposition format 0.0.4), for
/// `ethotop serve`'s `/metrics` (docs/METRICS.md).
///
/// Names follow Prometheus conventions so that `promtool check metrics` passes: base units
/// (`_seconds`, `_ratio`), `_total` on counters only, enums as one 0/1 series per state, and
/// percentiles as summaries with a `quantile` label. Percentiles over an empty window are `NaN`,
/// as client libraries report them, rather than a misleading 0. Every series is derived from
/// the snapshot alone, so a scrape never touches the engine's locks.
public struct PrometheusExporter: Sendable {
    /// The `Content-Type` of the output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Quantiles exported for endpoint latency, with their values in milliseconds.
    static func latencyQuantiles(_ latency: LatencySummary) -> [(String, Double)] {
        [("0.5", latency.p50), ("0.9", latency.p90), ("0.99", latency.p99), ("0.999", latency.p999)]
    }

    /// An exporter.
    public init() {}

    /// The metrics text for `snapshot`, ending in a newline.
    public func render(_ snapshot: Snapshot) -> String {
        var writer = PrometheusTextWriter()
        let endpoints = snapshot.endpoints.map { (label: TextSanitizer.sanitize($0.name), endpoint: $0) }
        writeProcess(snapshot, into: &writer)
        writeBreakers(endpoints, into: &writer)
        writeRequests(endpoints, pausedAll: snapshot.pausedAll, into: &writer)
        writeLatency(endpoints, into: &writer)
        writeRateLimits(snapshot.rateLimits, into: &writer)
        writePool(snapshot.pool, into: &writer)
        return writer.output
    }

    private typealias Sample = PrometheusTextWriter.Sample
    private typealias Labelled = (label: String, endpoint: EndpointSnapshot)

    private func writeProcess(_ snapshot: Snapshot, into writer: inout PrometheusTextWriter) {
        writer.family(
            "ethotop_up", .gauge,
            help: "Whether the ethotop engine is running (1 whenever it answers a scrape).",
            samples: [Sample(labels: [], value: 1)])
        writer.family(
            "ethotop_uptime_seconds", .gauge, help: "Seconds since the engine started.",
            samples: [Sample(labels: [], value: snapshot.uptime.seconds)])
        let scheduler = snapshot.scheduler
        writer.family(
            "ethotop_probes_total", .counter, help: "Probe attempts completed since start, retries included.",
            samples: [Sample(labels: [], value: Double(scheduler.probesTotal))])
        writer.family(
            "ethotop_schedule_lateness_seconds", .summary,
            help: "How late scheduled probes started, over the scheduler's recent window.",
            samples: [
                Sample(labels: [("quantile", "0.5")], value: scheduler.latenessP50Ms / 1_000),
                Sample(labels: [("quantile", "0.99")], value: scheduler.latenessP99Ms / 1_000),
            ])
        writer.family(
            "ethotop_schedule_lateness_max_seconds", .gauge, help: "Largest schedule lateness seen.",
            samples: [Sample(labels: [], value: scheduler.latenessMaxMs / 1_000)])
    }

    private func writePool(_ pool: PoolSnapshot, into writer: inout PrometheusTextWriter) {
        writer.family(
            "ethotop_pool_max_connections", .gauge,
            help: "Transfers the prober may run at once (http.max_connections).",
            samples: [Sample(labels: [], value: Double(pool.maxConnections))])
        writer.family(
            "ethotop_pool_connections_in_use", .gauge, help: "Transfers running now.",
            samples: [Sample(labels: [], value: Double(pool.inUse))])
        writer.family(
            "ethotop_pool_requests_waiting", .gauge,
            help: "Probes waiting for a connection now (for the pool or for their host's share).",
            samples: [Sample(labels: [], value: Double(pool.waiting))])
        writer.family(
            "ethotop_pool_host_requests_waiting", .gauge,
            help:
                "Probes waiting behind a host that holds its whole share of the pool "
                + "(http.max_connections_per_host); only saturated hosts are listed.",
            samples: pool.saturatedHosts.map {
                Sample(labels: [("origin", TextSanitizer.sanitize($0.origin))], value: Double($0.waiting))
            })
    }

    private func writeBreakers(_ endpoints: [Labelled], into writer: inout PrometheusTextWriter) {
        writer.family(
            "ethotop_endpoint_info", .gauge,
            help: "One series per monitored endpoint, carrying its group (1).",
            samples: endpoints.map { Sample(labels: endpointAndGroup($0), value: 1) })
        writer.family(
            "ethotop_breaker_state", .gauge,
            help: "Circuit breaker state: 1 for the current state, 0 for the others.",
            samples: endpoints.flatMap { entry in
                BreakerState.allCases.map { state in
                    Sample(
                        labels: endpointAndGroup(entry) + [("state", state.rawValue)],
                        value: entry.endpoint.breaker.state == state ? 1 : 0)
                }
            })
        writer.family(
            "ethotop_breaker_trips_total", .counter, help: "Times the breaker tripped open since start.",
            samples: endpoints.map {
                Sample(labels: [("endpoint", $0.label)], value: Double($0.endpoint.breaker.trips))
            })
        writer.family(
            "ethotop_breaker_consecutive_failures", .gauge, help: "Consecutive failed calls now.",
            samples: endpoints.map {
                Sample(
                    labels: [("endpoint", $0.label)], value: Double($0.endpoint.breaker.consecutiveFailures))
            })
        writer.family(
            "ethotop_breaker_failure_ratio", .gauge,
            help: "Failure rate over the breaker's window (absent while warming up).",
            samples: endpoints.compactMap { entry in
                entry.endpoint.breaker.failureRate.map {
                    Sample(labels: [("endpoint", entry.label)], value: $0)
                }
            })
        writer.family(
            "ethotop_breaker_slow_call_ratio", .gauge,
            help: "Slow-call rate over the breaker's window (absent while warming up).",
            samples: endpoints.compactMap { entry in
                entry.endpoint.breaker.slowCallRate.map {
                    Sample(labels: [("endpoint", entry.label)], value: $0)
                }
            })
        writer.family(
            "ethotop_breaker_probe_due_in_seconds", .gauge,
            help: "For an open breaker, seconds until its trial probe (0: due now).",
            samples: endpoints.compactMap { entry in
                let breaker = entry.endpoint.breaker
                guard breaker.state == .open, let due = breaker.probeDueIn else { return nil }
                return Sample(labels: [("endpoint", entry.label)], value: max(0, due.seconds))
            })
    }

    private func endpointAndGroup(_ entry: Labelled) -> [(String, String)] {
        [("endpoint", entry.label), ("group", entry.endpoint.group.map { TextSanitizer.sanitize($0) } ?? "")]
    }
}
