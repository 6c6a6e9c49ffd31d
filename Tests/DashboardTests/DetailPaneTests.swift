import Monitor
import Resilience
import Testing

@testable import Dashboard

@Suite struct DetailPaneTests {
    static func detail(_ endpoint: EndpointSnapshot, ascii: Bool = false) -> CellGrid {
        var snapshot = Fixtures.snapshot(count: 1)
        snapshot.endpoints = [endpoint]
        var state = DashboardState()
        state.focus = .detail
        return Fixtures.frame(snapshot, state: &state, width: 120, height: 80, ascii: ascii).grid
    }

    @Test func openBreakerShowsRuleMeasuredValueThresholdAndCountdown() {
        let grid = Self.detail(Fixtures.endpoint("api", state: .open))
        #expect(grid.contains("✖ OPEN for 2m05s"))
        #expect(grid.contains("trial in 18s"))
        #expect(grid.contains("reason   failure rate 62.0% ≥ 50.0%"))
        #expect(grid.contains("failures 62.0% / 50.0%"))
        #expect(grid.role(of: "62.0% /") == .bad)
        #expect(grid.contains("consecutive failures 5 / 5"))
        #expect(grid.contains("closed→open failure rate"))
        #expect(grid.contains("timeout Operation timed out after 2000 milliseconds"))
    }

    @Test func warmingUpReplacesRatesUntilMinimumCalls() {
        var endpoint = Fixtures.endpoint("api")
        endpoint.breaker.failureRate = nil
        endpoint.breaker.slowCallRate = nil
        endpoint.breaker.callsInWindow = 3
        endpoint.breaker.minimumCalls = 10
        #expect(Self.detail(endpoint).contains("warming up 3/10 calls"))
    }

    @Test func halfOpenLedgerLatencyPhasesAndRetriesAreShown() {
        let lines = DetailPane.lines(
            for: Fixtures.endpoint("api", state: .halfOpen), width: 100,
            context: RenderContext(now: Fixtures.now))
        let grid = lines.map(\.text).joined(separator: "\n")
        #expect(grid.contains("permitted 3  in flight 1  ok 1  failed 0"))
        #expect(grid.contains("p50 40.0"))
        #expect(grid.contains("≤50.0ms ███"))
        #expect(grid.contains("dns 0.10 connect 0.30 tls 12.0 wait 45.0 transfer 0.20 total 57.6"))
        #expect(
            grid.contains("retries 12  exhausted 2  ok after retry 9  budget denied 1  budget left 80.0%"))
    }

    @Test func insecureTLSIsFlaggedInTheHeaderAndThePolicy() {
        var endpoint = Fixtures.endpoint("api")
        endpoint.tlsVerifyDisabled = true
        endpoint.policyLines.append("tls_verify: false")
        let grid = Self.detail(endpoint)
        #expect(grid.role(of: "! tls_verify: false - certificates are not checked") == .warning)
        #expect(grid.role(of: "tls_verify: false  !") == .warning)
        #expect(grid.role(of: "tls_verify: true") == .normal)
        #expect(DetailPane.isTLSVerifyOff("  tls_verify :  false"))
        #expect(!DetailPane.isTLSVerifyOff("tls_verify: true"))
    }

    @Test func asciiDetailHasNoNonASCII() {
        #expect(Self.detail(Fixtures.endpoint("api", state: .open), ascii: true).isAllASCII)
    }
}

@Suite struct SidePaneTests {
    @Test func rateLimitQueueBarWarnsWhenNearlyFull() {
        var snapshot = Fixtures.snapshot()
        snapshot.rateLimits[0].queueDepth = 18
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(snapshot, state: &state, width: 200, height: 60)
        #expect(grid.contains("18/20"))
        #expect(grid.role(of: "18/20") == .warn)
        #expect(grid.role(of: "████", inRowContaining: "shared") == .barWarn)
        #expect(grid.contains("120ms"))
        #expect(grid.contains("PEAK"))
    }

    @Test func eventsCarryAMarkerPerKind() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 120, height: 40)
        #expect(grid.contains("11:59:30 ✖ svc-1 closed→open"))
        #expect(grid.contains("11:59:50 » svc-1 reset by local user"))
        #expect(grid.contains("11:59:55 ! svc-2 connect refused"))
        #expect(grid.contains("11:59:59 ↻ config reloaded"))
        #expect(grid.role(of: "connect refused") == .eventError)
    }

    @Test func narrowHeaderKeepsCountsAndClock() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(state: &state, width: 40, height: 10)
        let header = grid.text(row: 0)
        #expect(header.contains("✖ 1"))
        #expect(header.contains("● 4"))
        #expect(header.contains("12:00:00"))
        #expect(!header.contains("closed"))
    }
}
