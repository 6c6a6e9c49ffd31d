import Foundation
import Resilience

/// Renders a ``Snapshot`` as plain aligned text for `ethotop snapshot --format table`.
///
/// One line per endpoint (state, counters, retries, latency, last result), then one per rate
/// limiter; the same sanitised strings as the JSON, for people rather than scripts.
public struct SnapshotTableFormatter: Sendable {
    /// A formatter.
    public init() {}

    /// The table for `snapshot`, ending in a newline.
    public func render(_ snapshot: Snapshot) -> String {
        var output =
            "ethotop snapshot  source=\(TextSanitizer.sanitize(snapshot.source))"
            + "  at=\(RFC3339.string(from: snapshot.generatedAt))"
            + "  uptime=\(Self.seconds(snapshot.uptime))"
            + "  probes=\(snapshot.scheduler.probesTotal)"
            + "  lateness_p99=\(Self.milliseconds(snapshot.scheduler.latenessP99Ms))"
            + (snapshot.pausedAll ? "  PAUSED" : "") + "\n"
        output += poolLine(snapshot.pool) + "\n"
        output += endpointTable(snapshot.endpoints).render()
        if !snapshot.rateLimits.isEmpty {
            output += "\n" + rateLimitTable(snapshot.rateLimits).render()
        }
        return output
    }

    /// `pool in_use=72/100 waiting=31 saturated=http://10.0.0.7:8080(50 in use, 30 waiting)`, or
    /// nothing while no probe waits for a connection.
    private func poolLine(_ pool: PoolSnapshot) -> String {
        guard pool.isSaturated else { return "" }
        var line = "pool in_use=\(pool.inUse)/\(pool.maxConnections) waiting=\(pool.waiting)"
        if !pool.saturatedHosts.isEmpty {
            line +=
                " saturated="
                + pool.saturatedHosts.map {
                    "\(TextSanitizer.sanitize($0.origin))(\($0.inUse) in use, \($0.waiting) waiting)"
                }.joined(separator: ",")
        }
        return line + "\n"
    }

    private func endpointTable(_ endpoints: [EndpointSnapshot]) -> TextTable {
        // Days left on the server certificate: a column only once some endpoint has one.
        let showsCertificate = endpoints.contains { $0.tls != nil }
        var columns: [TextTable.Column] = [
            .init(heading: "ENDPOINT", maxWidth: 32), .init(heading: "GROUP", maxWidth: 16),
            .init(heading: "STATE", maxWidth: 24), .init(heading: "TRIPS", rightAligned: true),
            .init(heading: "REQS", rightAligned: true), .init(heading: "OK", rightAligned: true),
            .init(heading: "FAIL", rightAligned: true), .init(heading: "REJ", rightAligned: true),
            .init(heading: "RETRY", rightAligned: true), .init(heading: "P50", rightAligned: true),
            .init(heading: "P99", rightAligned: true), .init(heading: "LAST", maxWidth: 60),
        ]
        if showsCertificate {
            columns.insert(.init(heading: "CERT", rightAligned: true), at: columns.count - 1)
        }
        var table = TextTable(columns: columns)
        for endpoint in endpoints {
            let latency = endpoint.latency
            var row = [
                endpoint.name, endpoint.group ?? "-", stateText(endpoint), "\(endpoint.breaker.trips)",
                "\(endpoint.requests.total)", "\(endpoint.requests.succeeded)", "\(endpoint.requests.failed)",
                "\(endpoint.requests.rejected)", "\(endpoint.retries.total)",
                latency.count == 0 ? "-" : Self.milliseconds(latency.p50),
                latency.count == 0 ? "-" : Self.milliseconds(latency.p99), lastText(endpoint.last),
            ]
            if showsCertificate {
                row.insert(endpoint.tls.map { "\($0.daysLeft)d" } ?? "-", at: row.count - 1)
            }
            table.append(row)
        }
        return table
    }

    private func rateLimitTable(_ limiters: [RateLimitSnapshot]) -> TextTable {
        var table = TextTable(columns: [
            .init(heading: "RATE LIMIT", maxWidth: 32), .init(heading: "RATE"),
            .init(heading: "BURST", rightAligned: true), .init(heading: "QUEUE", rightAligned: true),
            .init(heading: "PEAK", rightAligned: true),
            .init(heading: "MAX", rightAligned: true), .init(heading: "REJECTED", rightAligned: true),
            .init(heading: "WAIT P99", rightAligned: true),
        ])
        for limiter in limiters {
            table.append([
                limiter.name, "\(limiter.calls)/\(Self.seconds(limiter.period))", "\(limiter.burst)",
                "\(limiter.queueDepth)", "\(limiter.queuePeak)", "\(limiter.maxQueue)", "\(limiter.rejected)",
                Self.milliseconds(limiter.waitP99Ms),
            ])
        }
        return table
    }

    private func stateText(_ endpoint: EndpointSnapshot) -> String {
        var text = endpoint.breaker.state.rawValue
        if endpoint.breaker.state == .open, let due = endpoint.breaker.probeDueIn {
            text += due <= .zero ? " (probe due)" : " (probe in \(Self.seconds(due)))"
        }
        if endpoint.paused { text += " paused" }
        return text
    }

    private func lastText(_ last: LastResult?) -> String {
        guard let last else { return "-" }
        if let error = last.error {
            return "\(error.kind.rawValue): \(error.message)"
        }
        return last.status.map { "\($0)" } ?? "ok"
    }

    static func milliseconds(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value < 10 { return String(format: "%.2fms", value) }
        if value < 1_000 { return String(format: "%.0fms", value) }
        return String(format: "%.2fs", value / 1_000)
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        if seconds < 3_600 {
            return String(
                format: "%.0fm%02.0fs", (seconds / 60).rounded(.down),
                seconds.truncatingRemainder(dividingBy: 60).rounded(.down))
        }
        return String(
            format: "%.0fh%02.0fm", (seconds / 3_600).rounded(.down),
            (seconds.truncatingRemainder(dividingBy: 3_600) / 60).rounded(.down))
    }
}
