import Foundation
import Monitor
import Resilience
import Testing

@testable import Dashboard

/// What ``FrameBuilder`` keeps between frames (sort order, ``SnapshotSummary``) must never show
/// a snapshot other than the one being drawn.
@Suite struct FrameBuilderCacheTests {
    private let context = RenderContext(glyphs: .unicode, now: Fixtures.now, utcOffset: 0)
    private let size = Size(width: 160, height: 40)

    @Test func summaryCountsStatesAndMeasuresTheLongestName() {
        var snapshot = Fixtures.snapshot(count: 8)
        snapshot.endpoints[3].name = "a-much-longer-näme"
        let summary = SnapshotSummary(snapshot.endpoints)
        #expect(
            summary.stateCounts == [.closed: 4, .open: 1, .halfOpen: 1, .forcedOpen: 1, .disabled: 1])
        #expect(summary.longestName == "a-much-longer-näme".utf8.count)
        let empty = SnapshotSummary([])
        #expect(empty.longestName == 0)
        #expect(empty.stateCounts == [.closed: 0, .open: 0, .halfOpen: 0, .forcedOpen: 0, .disabled: 0])
    }

    @Test func cachedFramesMatchFramesRenderedFromScratch() {
        var builder = FrameBuilder()
        var state = DashboardState(refreshInterval: .seconds(1))
        let first = Fixtures.snapshot(count: 8)
        var second = Fixtures.snapshot(count: 12)
        second.generatedAt = first.generatedAt.addingTimeInterval(1)
        for snapshot in [first, first, second, second, first] {
            let (grid, _) = builder.build(
                snapshot: snapshot, events: [], state: &state, size: size, context: context)
            let fresh = ScreenRenderer.render(snapshot: snapshot, events: [], state: state, context: context)
            #expect(grid == fresh.grid)
        }
    }

    @Test func aSnapshotWithTheSameTimeButOtherRowsIsNotTakenForTheLastOne() {
        var builder = FrameBuilder()
        var state = DashboardState(refreshInterval: .seconds(1))
        let mixed = Fixtures.snapshot(count: 8)
        var healthy = mixed
        for index in healthy.endpoints.indices { healthy.endpoints[index].breaker.state = .closed }
        #expect(healthy.generatedAt == mixed.generatedAt)

        let (before, _) = builder.build(
            snapshot: mixed, events: [], state: &state, size: size, context: context)
        #expect(before.text(row: 0).contains("● 4 closed"))
        let (after, _) = builder.build(
            snapshot: healthy, events: [], state: &state, size: size, context: context)
        #expect(after.text(row: 0).contains("● 8 closed"))
    }
}
