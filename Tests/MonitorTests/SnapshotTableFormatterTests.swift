import Foundation
import Resilience
import Testing

@testable import Monitor

@Suite struct SnapshotTableFormatterTests {
    private let rendered = SnapshotTableFormatter().render(SnapshotFixture.snapshot)

    @Test func oneRowPerEndpointInConfigOrderWithAlignedColumns() throws {
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("ENDPOINT") })
        let rows = Array(lines[(header + 1)...(header + 4)])
        #expect(
            rows.map { String($0.prefix { $0 != " " }) } == ["api", "flaky", #"we"ird\name"#, "isolated"])
        // Every row's STATE column starts where the heading does.
        let stateColumn = try #require(lines[header].range(of: "STATE")).lowerBound.utf16Offset(
            in: lines[header])
        let states = rows.map { row in
            String(row.dropFirst(stateColumn).prefix { $0 != " " })
        }
        #expect(states == ["closed", "open", "half_open", "forced_open"])
        // Right-aligned numeric columns end at the same offset as their heading.
        let reqsEnd = try #require(lines[header].range(of: "REQS")).upperBound.utf16Offset(in: lines[header])
        #expect(rows[0].prefix(reqsEnd).hasSuffix(" 100"))
        #expect(rows[1].prefix(reqsEnd).hasSuffix(" 40"))
    }

    /// The pool line names the host holding it, and only appears while probes wait.
    @Test func poolLineOnlyWhileProbesWait() {
        #expect(
            rendered.contains(
                "pool in_use=72/100 waiting=31 saturated=http://10.0.0.7:8080(50 in use, 30 waiting)\n"))
        var calm = SnapshotFixture.snapshot
        calm.pool = PoolSnapshot(maxConnections: 100, maxConnectionsPerHost: 50, inUse: 3)
        #expect(!SnapshotTableFormatter().render(calm).contains("pool "))
    }

    @Test func showsProbeDueLatencyLastResultAndRateLimits() {
        #expect(rendered.contains("open (probe in 12.5s)"))
        #expect(rendered.contains("forced_open paused"))
        #expect(rendered.contains("timeout: Operation timed out after 2000 ms"))
        #expect(rendered.contains("1.20ms"))
        #expect(rendered.contains("RATE LIMIT"))
        #expect(rendered.contains("github"))
        let limiterRow = rendered.split(separator: "\n").first { $0.hasPrefix("github") }
        let cells = limiterRow.map { $0.split(separator: " ").map(String.init) } ?? []
        #expect(cells.prefix(4) == ["github", "10/1.0s", "20", "3"], "rate, burst, queue: \(cells)")
        #expect(rendered.contains("at=2026-01-01T00:00:00.250Z"))
    }

    @Test func outputIsPlainText() {
        #expect(!rendered.unicodeScalars.contains { $0.value == 0x1B })
        #expect(!rendered.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func textTableCutsWideCells() {
        var table = TextTable(columns: [
            .init(heading: "A", maxWidth: 5), .init(heading: "B", rightAligned: true),
        ])
        table.append(["abcdefghij", "1"])
        table.append(["x\ny", "22"])
        #expect(table.render() == "A       B\nabcd…   1\nx y    22\n")
    }

    @Test func openBreakersForScripts() {
        #expect(SnapshotFixture.snapshot.openBreakerEndpoints == ["flaky", #"we"ird\name"#, "isolated"])
        #expect(!BreakerState.disabled.countsAsOpen)
        #expect(!BreakerState.closed.countsAsOpen)
    }
}
