import Foundation
import Monitor
import Resilience
import Testing

@testable import Dashboard

/// The header says which mode is live: standalone, demo, or attached to an agent (and lost).
@Suite struct HeaderModeTests {
    func header(
        _ link: SourceLink, source: String = "prod.yaml", width: Int = 200, ascii: Bool = false
    ) -> (text: String, grid: CellGrid) {
        var snapshot = Fixtures.snapshot()
        snapshot.source = source
        var state = DashboardState()
        var builder = FrameBuilder()
        let context = RenderContext(
            glyphs: ascii ? .ascii : .unicode, now: Fixtures.now, utcOffset: 0, link: link)
        let (grid, _) = builder.build(
            snapshot: snapshot, events: [], state: &state, size: Size(width: width, height: 40),
            context: context)
        return (grid.text(row: 0), grid)
    }

    static let since = Date(timeIntervalSince1970: 1_767_225_600 + 13 * 3_600 + 40 * 60)  // 13:40:00 UTC

    @Test func standaloneAndDemo() {
        #expect(header(.local).text.contains("ethotop · standalone · prod.yaml · up"))
        #expect(header(.local, source: "demo").text.contains("ethotop · demo · up"))
        #expect(!header(.local, source: "demo").text.contains("standalone"))
    }

    @Test func attachedSaysToWhomSinceWhenAndHowManyScreens() {
        let link = AttachedLink(
            address: "unix:/run/ethotop/control.sock", agentPID: 812, attachedSince: Self.since, screens: 2,
            everConnected: true)
        let (text, grid) = header(.attached(link))
        #expect(
            text.contains(
                "ethotop · attached to serve pid 812 on unix:/run/ethotop/control.sock since 13:40 · 2 screens · prod.yaml"
            ))
        #expect(grid.role(of: "attached to serve") == .headerAccent)
        // Narrow: the short form, and the counts keep their room.
        let middle = header(.attached(link), width: 110).text
        #expect(middle.contains("attached to serve pid 812 since 13:40 · 2 screens"))
        let narrow = header(.attached(link), width: 70).text
        #expect(narrow.contains("attached pid 812"))
        #expect(narrow.contains("✖ 1"))
        #expect(header(.attached(link), ascii: true).text.contains("since 13:40 | 2 screens"))
    }

    @Test func lostSaysSinceWhenAndTheRetryCountdownInTheWarningStyle() {
        let link = AttachedLink(
            address: "unix:/x.sock", agentPID: 812, lostSince: Self.since.addingTimeInterval(22 * 60 + 11),
            retryIn: .milliseconds(1_500), everConnected: true, reason: "connection refused")
        let (text, grid) = header(.attached(link))
        #expect(text.contains("agent lost since 14:02:11, retrying in 2s"))
        #expect(grid.role(of: "agent lost") == .warning)
        #expect(header(.attached(link), width: 60).text.contains("agent lost"))
    }

    @Test func neverReachedAndAttaching() {
        let never = AttachedLink(
            address: "unix:/nope.sock", lostSince: Self.since, retryIn: .zero, everConnected: false)
        #expect(
            header(.attached(never)).text.contains("no agent at unix:/nope.sock since 13:40:00, retrying"))
        #expect(
            header(.attached(AttachedLink(address: "127.0.0.1:9465"))).text.contains(
                "attaching to 127.0.0.1:9465"))
    }
}
