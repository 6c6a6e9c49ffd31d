import Foundation
import Resilience
import TestSupport
import Testing

@testable import Monitor

@Suite struct PrometheusExporterTests {
    private let text = PrometheusExporter().render(SnapshotFixture.snapshot)

    private func samples(_ name: String) -> [ExposedSample] {
        ExposedSample.parse(text).filter { $0.name == name }
    }

    private func value(_ name: String, _ labels: [String: String] = [:]) -> String? {
        samples(name).first { $0.labels == labels }?.value
    }

    @Test func passesPromtoolCheckMetrics() throws {
        let result = try Promtool.checkMetrics(text)
        #expect(result.status == 0, "\(result.output)\n\(text)")
    }

    /// The harness itself can fail: promtool rejects what its linter forbids (here the
    /// abbreviated unit that is why latency is exported in seconds, not as `_ms`).
    @Test func promtoolRejectsLintErrors() throws {
        let result = try Promtool.checkMetrics(
            "# HELP x_latency_ms L.\n# TYPE x_latency_ms gauge\nx_latency_ms 1\n")
        #expect(result.status != 0)
        #expect(result.output.contains("abbreviated units"))
    }

    @Test func emptySnapshotPassesPromtoolToo() throws {
        let empty = Snapshot(
            source: "empty", generatedAt: Date(), uptime: .zero, scheduler: SchedulerSnapshot(),
            endpoints: [],
            rateLimits: [])
        let rendered = PrometheusExporter().render(empty)
        let result = try Promtool.checkMetrics(rendered)
        #expect(result.status == 0, "\(result.output)")
        #expect(rendered.contains("ethotop_up 1\n"))
    }

    @Test func everyFamilyHasHelpAndTypeBeforeItsSamples() {
        var declared: Set<String> = []
        var lastFamily = ""
        var finished: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let name = String(line.split(separator: " ")[2])
                declared.insert(name)
                finished.insert(lastFamily)
                lastFamily = name
            } else if !line.hasPrefix("#") {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(name == lastFamily, "sample \(name) outside its family block")
                #expect(!finished.contains(name), "family \(name) interleaved")
            }
        }
        #expect(declared.contains("ethotop_breaker_state"))
        #expect(text.hasSuffix("\n"))
    }

    @Test func breakerStateIsOneSeriesPerStateWithExactlyOneSet() {
        let series = samples("ethotop_breaker_state").filter { $0.labels["endpoint"] == "flaky" }
        #expect(series.count == BreakerState.allCases.count)
        #expect(Set(series.compactMap { $0.labels["state"] }) == Set(BreakerState.allCases.map(\.rawValue)))
        #expect(series.filter { $0.value == "1" }.map { $0.labels["state"] } == ["open"])
        #expect(series.allSatisfy { $0.labels["group"] == "edge" })
        #expect(
            value("ethotop_breaker_state", ["endpoint": "isolated", "group": "core", "state": "forced_open"])
                == "1")
    }

    @Test func expectedSeriesAndValues() {
        #expect(value("ethotop_up") == "1")
        #expect(value("ethotop_uptime_seconds") == "12.345")
        #expect(value("ethotop_probes_total") == "120")
        #expect(value("ethotop_schedule_lateness_seconds", ["quantile": "0.99"]) == "0.00125")
        #expect(value("ethotop_breaker_trips_total", ["endpoint": "api"]) == "2")
        #expect(value("ethotop_requests_total", ["endpoint": "api", "outcome": "succeeded"]) == "90")
        #expect(value("ethotop_requests_total", ["endpoint": "api", "outcome": "failed"]) == "8")
        #expect(value("ethotop_requests_total", ["endpoint": "api", "outcome": "rejected"]) == "2")
        #expect(value("ethotop_request_timeouts_total", ["endpoint": "flaky"]) == "20")
        #expect(value("ethotop_retries_total", ["endpoint": "api"]) == "12")
        #expect(value("ethotop_retry_exhausted_total", ["endpoint": "flaky"]) == "6")
        #expect(value("ethotop_retry_budget_denied_total", ["endpoint": "flaky"]) == "4")
        #expect(value("ethotop_rate_limit_queue_depth", ["limiter": "github"]) == "3")
        #expect(value("ethotop_rate_limit_queue_peak", ["limiter": "github"]) == "7")
        #expect(value("ethotop_rate_limit_rejected_total", ["limiter": "github"]) == "4")
        #expect(value("ethotop_latency_seconds", ["endpoint": "api", "quantile": "0.5"]) == "0.0012")
        #expect(value("ethotop_latency_seconds", ["endpoint": "api", "quantile": "0.999"]) == "0.008")
        #expect(value("ethotop_breaker_probe_due_in_seconds", ["endpoint": "flaky"]) == "12.5")
        #expect(value("ethotop_paused", ["endpoint": "isolated"]) == "1")
        #expect(value("ethotop_last_probe_success", ["endpoint": "flaky"]) == "0")
        #expect(value("ethotop_last_probe_success", ["endpoint": "api"]) == "1")
        #expect(value("ethotop_pool_max_connections") == "100")
        #expect(value("ethotop_pool_connections_in_use") == "72")
        #expect(value("ethotop_pool_requests_waiting") == "31")
        #expect(value("ethotop_pool_host_requests_waiting", ["origin": "http://10.0.0.7:8080"]) == "30")
    }

    @Test func emptyLatencyWindowIsNaNNotZero() {
        let weird = samples("ethotop_latency_seconds").filter { $0.labels["endpoint"] == #"we"ird\name"# }
        #expect(weird.count == 4)
        #expect(weird.allSatisfy { $0.value == "NaN" })
        // A breaker warming up has no failure ratio series at all.
        #expect(samples("ethotop_breaker_failure_ratio").allSatisfy { $0.labels["endpoint"] != "isolated" })
    }

    @Test func labelValuesAreEscaped() {
        #expect(text.contains(#"ethotop_breaker_trips_total{endpoint="we\"ird\\name"} 0"#))
        #expect(PrometheusTextWriter.escapeLabelValue("a\\b\"c\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusTextWriter.escapeHelp("x\\y\nz") == #"x\\y\nz"#)
    }

    @Test func hostileNamesCannotBreakTheFormat() throws {
        var snapshot = SnapshotFixture.snapshot
        snapshot.endpoints[0].name = "evil\"} 1\nethotop_up 0\n# \u{1B}[2J"
        snapshot.endpoints[0].group = "g\\\n"
        snapshot.rateLimits[0].name = "lim\"it\r\n"
        snapshot.endpoints[0].rateLimitName = "lim\"it\r\n"
        let rendered = PrometheusExporter().render(snapshot)
        let result = try Promtool.checkMetrics(rendered)
        #expect(result.status == 0, "\(result.output)\n\(rendered)")
        #expect(ExposedSample.parse(rendered).filter { $0.name == "ethotop_up" }.map(\.value) == ["1"])
        #expect(!rendered.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func valuesAreFormattedForGo() {
        #expect(PrometheusTextWriter.format(3) == "3")
        #expect(PrometheusTextWriter.format(0.25) == "0.25")
        #expect(PrometheusTextWriter.format(.nan) == "NaN")
        #expect(PrometheusTextWriter.format(.infinity) == "+Inf")
        #expect(PrometheusTextWriter.format(-.infinity) == "-Inf")
        #expect(PrometheusTextWriter.format(1e-7) == "1e-07")
        #expect(PrometheusTextWriter.format(1_767_225_600.25) == "1767225600.25")
    }
}
