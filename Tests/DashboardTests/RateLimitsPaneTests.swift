import Monitor
import Testing

@testable import Dashboard

@Suite struct RateLimitsPaneTests {
    private func snapshot(limiterName: String) -> Snapshot {
        var snapshot = Fixtures.snapshot()
        snapshot.rateLimits[0].name = limiterName
        return snapshot
    }

    /// The demo's `partner-api` was cut to `partne…` in a 43-column pane with room to spare.
    @Test func nameIsShownWholeWhenItFits() {
        var state = DashboardState()
        let (grid, _) = Fixtures.frame(
            snapshot(limiterName: "partner-api"), state: &state, width: 100, height: 30)
        #expect(grid.contains("partner-api "))
        #expect(grid.contains("█"), "the queue bar is still drawn")
    }

    /// PERMITS counts against the bucket's size, which is `calls` unless `burst` says otherwise.
    @Test func permitsAreShownOutOfTheBurst() {
        var state = DashboardState()
        var snapshot = Fixtures.snapshot()
        snapshot.rateLimits[0].permitsAvailable = 4
        snapshot.rateLimits[0].burst = 25
        let (grid, _) = Fixtures.frame(snapshot, state: &state, width: 100, height: 30)
        #expect(grid.contains("4.0/25"))
        #expect(!grid.contains("4.0/10"), "not out of calls")
    }

    @Test func longNamesAreCutAndTheBarKeepsItsRoom() {
        let columns = RateLimitsPane.Columns(width: 43, longestName: 60)
        #expect(columns.name == 15)
        #expect(columns.bar == 8)
        #expect(RateLimitsPane.Columns(width: 120, longestName: 60).name == 20)
        #expect(RateLimitsPane.Columns(width: 43, longestName: 2).name == 4)
    }
}
