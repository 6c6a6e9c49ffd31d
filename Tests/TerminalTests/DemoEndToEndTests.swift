import Foundation
import Testing

extension EndToEnd {
    /// `ethotop demo` as a new user runs it: it starts its own ChaosServer and shows its endpoints.
    @Suite(.timeLimit(.minutes(1)))
    struct DemoEndToEndTests {
        @Test func demoStartsAndShowsItsEndpoints() async throws {
            let names = ["catalog", "search", "recommend", "checkout", "quotes", "rates"]
            let demo = Launch(arguments: ["demo", "--refresh", "100ms"])
            try await DashboardRun.with(demo, withServer: false) { run in
                let terminal = run.terminal
                // Every endpoint probed, the shared rate limiter (its name whole), the server.
                try await terminal.waitFor("the demo's endpoints, probed") { screen in
                    Set(screen.tableNames) == Set(names) && screen.header.contains("demo")
                        && screen.header.contains("probes/s") && !screen.header.contains(" 0.0 probes/s")
                        && screen.contains(all: ["partner-api ", "demo: ChaosServer on http://12"])
                }
                try await terminal.press("q")
                #expect(try await run.exitStatus() == 0)
            }
        }
    }
}
