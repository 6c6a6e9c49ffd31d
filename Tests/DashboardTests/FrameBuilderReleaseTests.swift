import Foundation
import Monitor
import Testing

@testable import Dashboard

/// The rows a new snapshot replaces are handed back to the caller (to free after painting, off
/// the drawing thread) instead of being freed inside the frame.
@Suite struct FrameBuilderReleaseTests {
    private let context = RenderContext(glyphs: .unicode, now: Fixtures.now, utcOffset: 0)
    private let size = Size(width: 120, height: 40)

    @Test func aNewSnapshotHandsBackThePreviousRowsOnce() {
        var builder = FrameBuilder()
        var state = DashboardState(refreshInterval: .seconds(1))
        let first = Fixtures.snapshot(count: 8)
        var second = Fixtures.snapshot(count: 5)
        second.generatedAt = first.generatedAt.addingTimeInterval(1)

        _ = builder.build(snapshot: first, events: [], state: &state, size: size, context: context)
        #expect(builder.takeReplacedEndpoints().isEmpty, "the first frame replaced nothing")

        _ = builder.build(snapshot: first, events: [], state: &state, size: size, context: context)
        #expect(builder.takeReplacedEndpoints().isEmpty, "the same snapshot again replaces nothing")

        _ = builder.build(snapshot: second, events: [], state: &state, size: size, context: context)
        let replaced = builder.takeReplacedEndpoints()
        #expect(replaced.map(\.name) == first.endpoints.map(\.name))
        #expect(builder.takeReplacedEndpoints().isEmpty, "handed over once")
        #expect(state.endpoints.map(\.name) == second.endpoints.map(\.name))
    }
}
