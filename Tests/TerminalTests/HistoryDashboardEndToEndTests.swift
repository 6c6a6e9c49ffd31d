import Foundation
import Testing

extension EndToEnd {
    /// The real dashboard records what happens on screen into the history database, and
    /// `ethotop history` reads it back: the trip, the operator's reset and who did it.
    @Suite(.timeLimit(.minutes(1)))
    struct HistoryDashboardEndToEndTests {
        @Test func aResetAtTheDashboardIsInTheHistoryWithWhoDidIt() async throws {
            try await DashboardRun.with(policy: TestPolicy(recoveryTimeout: "10m")) { run in
                let terminal = run.terminal
                try await terminal.waitFor(text: "checkout")
                let outage = Date()
                run.server?.setOutage("checkout", on: true)
                try await terminal.waitFor("checkout open") {
                    $0.tableRow("checkout")?.contains("✖ OPEN") == true
                }
                run.server?.setOutage("checkout", on: false)
                try await terminal.press("g")
                try await terminal.waitFor(text: "Detail checkout")
                let reset = Date()
                try await terminal.press("r")
                try await terminal.waitFor("checkout closed by the reset") {
                    $0.tableRow("checkout")?.contains("● CLOSED") == true
                }
                try await terminal.press("q")
                #expect(try await run.exitStatus() == 0)

                let database = run.directory + "/state/ethotop/history.db"
                let json = try Self.history(["--history", database, "--since", "1h", "--format", "json"])
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
                let actions = (object["actions"] as? [[String: Any]]) ?? []
                let action = try #require(actions.first, "\(json)")
                #expect(action["who"] as? String == "local user")
                #expect(action["action"] as? String == "reset")
                #expect(action["endpoint"] as? String == "checkout")
                let at = try #require((action["at"] as? String).flatMap(Self.date))
                #expect(at >= reset.addingTimeInterval(-1) && at <= Date())
                let transitions = (object["transitions"] as? [[String: Any]]) ?? []
                let opened = try #require(
                    transitions.first {
                        $0["endpoint"] as? String == "checkout" && $0["to"] as? String == "open"
                    })
                let openedAt = try #require((opened["at"] as? String).flatMap(Self.date))
                #expect(openedAt >= outage.addingTimeInterval(-1) && openedAt <= at)
                #expect(
                    transitions.contains {
                        $0["endpoint"] as? String == "checkout" && $0["from"] as? String == "open"
                            && $0["to"] as? String == "closed"
                    })
                let runs = (object["runs"] as? [[String: Any]]) ?? []
                #expect(runs.count == 1 && runs.first?["clean"] as? Bool == true, "\(runs)")

                let markdown = try Self.history([
                    "--history", database, "--since", "1h", "--format", "markdown",
                ])
                #expect(markdown.contains("local user ran reset on checkout"), "\(markdown)")
            }
        }

        static func history(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DashboardRun.binary)
            process.arguments = ["history"] + arguments
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }

        static func date(_ text: String) -> Date? {
            try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
        }
    }
}
