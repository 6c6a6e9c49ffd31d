import Foundation
import Testing

/// `ethotop demo` as a new user runs it: it starts its own ChaosServer and shows its endpoints.
@Suite(.timeLimit(.minutes(1)))
struct DemoEndToEndTests {
    @Test func demoStartsAndShowsItsEndpoints() async throws {
        let names = ["catalog", "search", "recommend", "checkout", "quotes", "rates"]
        try await DashboardRun.with(Launch(arguments: ["demo", "--refresh", "100ms"]), withServer: false) {
            run in
            let terminal = run.terminal
            let screen = try await terminal.waitFor("the demo's endpoints, probed") { screen in
                Set(screen.tableNames) == Set(names)
                    && screen.tableRows.allSatisfy { !$0.contains("never") }
                    && screen.lines.first?.contains("probes/s") == true
                    && !(screen.lines.first?.contains(" 0.0 probes/s") ?? true)
            }
            #expect(screen.lines.first?.contains("demo") == true)
            #expect(
                screen.contains("partner-api "), "the shared rate limiter is shown, its name whole:\(screen)")
            #expect(screen.contains("demo: ChaosServer on http://12"), "\(screen)")
            try terminal.press("q")
            #expect(try await run.exitStatus() == 0)
        }
    }
}
