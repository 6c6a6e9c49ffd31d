import Foundation
import Resilience

extension PrometheusExporter {
    private typealias Sample = PrometheusTextWriter.Sample
    private typealias Labelled = (label: String, endpoint: EndpointSnapshot)

    func writeRequests(
        _ endpoints: [(label: String, endpoint: EndpointSnapshot)], pausedAll: Bool,
        into writer: inout PrometheusTextWriter
    ) {
        writer.family(
            "ethotop_requests_total", .counter,
            help: "Probe attempts by outcome: succeeded, failed, or rejected (by breaker or rate limiter).",
            samples: endpoints.flatMap { entry -> [Sample] in
                let requests = entry.endpoint.requests
                return [
                    ("succeeded", requests.succeeded), ("failed", requests.failed),
                    ("rejected", requests.rejected),
                ]
                .map { Sample(labels: [("endpoint", entry.label), ("outcome", $0.0)], value: Double($0.1)) }
            })
        writer.family(
            "ethotop_request_timeouts_total", .counter,
            help: "Probe attempts that timed out (also counted as failed).",
            samples: endpoints.map { counter($0, \.requests.timeouts) })
        writer.family(
            "ethotop_retries_total", .counter, help: "Retries made (attempts after the first).",
            samples: endpoints.map { counter($0, \.retries.total) })
        writer.family(
            "ethotop_retry_exhausted_total", .counter,
            help: "Probes that ran out of tries or time and still failed.",
            samples: endpoints.map { counter($0, \.retries.exhausted) })
        writer.family(
            "ethotop_retry_budget_denied_total", .counter,
            help: "Retries refused because the retry budget was spent.",
            samples: endpoints.map { counter($0, \.retries.budgetDenied) })
        writer.family(
            "ethotop_retry_budget_remaining_ratio", .gauge,
            help: "Fraction of the retry budget left (0 to 1).",
            samples: endpoints.compactMap { entry in
                entry.endpoint.retries.budgetLeft.map {
                    Sample(labels: [("endpoint", entry.label)], value: $0)
                }
            })
        writer.family(
            "ethotop_paused", .gauge,
            help: "Whether polling of the endpoint is paused by an operator (1) or not (0).",
            samples: endpoints.map {
                Sample(labels: [("endpoint", $0.label)], value: $0.endpoint.paused || pausedAll ? 1 : 0)
            })
        writer.family(
            "ethotop_last_probe_success", .gauge,
            help: "Whether the endpoint's last probe succeeded (1) or failed (0).",
            samples: endpoints.compactMap { entry in
                entry.endpoint.last.map {
                    Sample(labels: [("endpoint", entry.label)], value: $0.error == nil ? 1 : 0)
                }
            })
        writer.family(
            "ethotop_last_probe_timestamp_seconds", .gauge,
            help: "Unix time the endpoint's last probe completed.",
            samples: endpoints.compactMap { entry in
                entry.endpoint.last.map {
                    Sample(labels: [("endpoint", entry.label)], value: $0.at.timeIntervalSince1970)
                }
            })
        writer.family(
            "ethotop_tls_cert_not_after_seconds", .gauge,
            help: "Unix time the server's leaf certificate expires (TLS endpoints, after a connection).",
            samples: endpoints.compactMap { entry in
                entry.endpoint.tls.map {
                    Sample(labels: [("endpoint", entry.label)], value: $0.notAfter.timeIntervalSince1970)
                }
            })
    }

    func writeLatency(
        _ endpoints: [(label: String, endpoint: EndpointSnapshot)], into writer: inout PrometheusTextWriter
    ) {
        writer.family(
            "ethotop_latency_seconds", .summary,
            help: "Probe latency percentiles over the rolling window (NaN while the window is empty).",
            samples: endpoints.flatMap { entry in
                let latency = entry.endpoint.latency
                return Self.latencyQuantiles(latency).map { quantile, milliseconds in
                    Sample(
                        labels: [("endpoint", entry.label), ("quantile", quantile)],
                        value: latency.count == 0 ? .nan : milliseconds / 1_000)
                }
            })
        writer.family(
            "ethotop_latency_max_seconds", .gauge,
            help: "Slowest probe in the rolling window (NaN while empty).",
            samples: endpoints.map { entry in
                let latency = entry.endpoint.latency
                return Sample(
                    labels: [("endpoint", entry.label)],
                    value: latency.count == 0 ? .nan : latency.max / 1_000)
            })
        writer.family(
            "ethotop_latency_window_samples", .gauge, help: "Probe latencies in the rolling window.",
            samples: endpoints.map { counter($0, \.latency.count) })
    }

    func writeRateLimits(_ limiters: [RateLimitSnapshot], into writer: inout PrometheusTextWriter) {
        let named = limiters.map { (label: TextSanitizer.sanitize($0.name), limiter: $0) }
        func gauge(_ value: (RateLimitSnapshot) -> Double) -> [Sample] {
            named.map { Sample(labels: [("limiter", $0.label)], value: value($0.limiter)) }
        }
        writer.family(
            "ethotop_rate_limit_queue_depth", .gauge, help: "Calls waiting for a rate-limit permit now.",
            samples: gauge { Double($0.queueDepth) })
        writer.family(
            "ethotop_rate_limit_queue_peak", .gauge, help: "Most calls ever waiting for a permit at once.",
            samples: gauge { Double($0.queuePeak) })
        writer.family(
            "ethotop_rate_limit_queue_capacity", .gauge, help: "The bound of the rate limiter's wait queue.",
            samples: gauge { Double($0.maxQueue) })
        writer.family(
            "ethotop_rate_limit_permits_available", .gauge, help: "Permits available now.",
            samples: gauge { $0.permitsAvailable })
        writer.family(
            "ethotop_rate_limit_rejected_total", .counter,
            help: "Calls the rate limiter rejected (queue full or waited too long).",
            samples: gauge { Double($0.rejected) })
        writer.family(
            "ethotop_rate_limit_wait_seconds", .summary, help: "Time calls spent waiting for a permit.",
            samples: named.map {
                Sample(
                    labels: [("limiter", $0.label), ("quantile", "0.99")], value: $0.limiter.waitP99Ms / 1_000
                )
            })
    }

    private func counter(_ entry: Labelled, _ path: KeyPath<EndpointSnapshot, Int>) -> Sample {
        Sample(labels: [("endpoint", entry.label)], value: Double(entry.endpoint[keyPath: path]))
    }
}
