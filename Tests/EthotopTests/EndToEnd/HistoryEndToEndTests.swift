import ChaosServer
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `ethotop serve` recording history, stopped, restarted and killed; then `ethotop history`
/// reading it back: the real binary against a ChaosServer in the test, SQLite files on disk.
@Suite(.serialized) struct HistoryEndToEndTests {
    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 100ms
        defaults:
          interval: 100ms
          timeout: 1s
          retry: { max_tries: 1 }
          breaker: { failure_threshold: 2, recovery_timeout: 500ms, half_open_calls: 1 }
        endpoints:
          - { name: checkout, group: shop, url: "\(server.url(for: "/outage/checkout"))" }
          - { name: catalog, group: shop, url: "\(server.url(for: "/ok"))" }
        """
    }

    /// `ethotop history --format json` as an object, or nil while it fails.
    static func history(_ path: String, _ sandbox: Sandbox, _ extra: [String] = []) async -> [String: Any]? {
        guard
            let result = try? await BuiltBinary.run(
                ["history", "--history", path, "--since", "1h", "--format", "json"] + extra,
                environment: sandbox.environment()),
            result.status == 0
        else { return nil }
        return jsonObject(result.standardOutput)
    }

    static func transitions(_ report: [String: Any]?) -> [(
        at: Date, endpoint: String, from: String, to: String
    )] {
        ((report?["transitions"] as? [[String: Any]]) ?? []).compactMap { row in
            guard let at = (row["at"] as? String).flatMap(RFC3339Parse.date),
                let endpoint = row["endpoint"] as? String,
                let from = row["from"] as? String, let to = row["to"] as? String
            else { return nil }
            return (at, endpoint, from, to)
        }
    }

    static func startServe(_ config: String, _ db: String, _ sandbox: Sandbox) async throws -> BuiltBinary {
        let serve = try BuiltBinary(
            ["serve", "--config", config, "--history", db, "--metrics-listen", "127.0.0.1:0"],
            environment: sandbox.environment())
        #expect(await eventually { ServeMetricsTests.port(serve) != nil }, "\(serve.standardError)")
        return serve
    }

    @Test func anOutageSurvivesARestartAndAKillAndTheNextStartSaysSo() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer(seed: 5) { server in
            let config = try sandbox.write("serve.yaml", Self.config(server))
            let db = sandbox.root.appendingPathComponent("history.db").path

            // Run 1: an outage opens the breaker; it recovers through half-open when it ends.
            let first = try await Self.startServe(config, db, sandbox)
            let outageStarted = Date()
            server.setOutage("checkout", on: true)
            var report: [String: Any]?
            #expect(
                await eventually {
                    report = await Self.history(db, sandbox)
                    return Self.transitions(report).contains { $0.endpoint == "checkout" && $0.to == "open" }
                }, "\(String(describing: report))")
            server.setOutage("checkout", on: false)
            #expect(
                await eventually {
                    report = await Self.history(db, sandbox)
                    return Self.transitions(report).contains {
                        $0.endpoint == "checkout" && $0.to == "closed"
                    }
                }, "\(String(describing: report))")
            let outageEnded = Date()
            #expect(await first.terminate() == 0, "\(first.standardError)")

            // Run 2: a second outage, killed with SIGKILL mid-outage once it has written a batch.
            let second = try await Self.startServe(config, db, sandbox)
            let secondOutage = Date()
            server.setOutage("checkout", on: true)
            #expect(
                await eventually {
                    report = await Self.history(db, sandbox)
                    return (report?["runs"] as? [Any])?.count == 2
                        && Self.transitions(report).contains { $0.to == "open" && $0.at >= secondOutage }
                })
            second.signal(SIGKILL)
            _ = await second.waitForExit()
            server.setOutage("checkout", on: false)

            // The database opens cleanly after the kill; run 1's outage is all there, in order,
            // at the right times; run 2 is marked as not stopped cleanly.
            report = await Self.history(db, sandbox)
            let all = Self.transitions(report).filter { $0.endpoint == "checkout" }
            #expect(
                all.contains { $0.to == "open" && $0.at >= secondOutage },
                "run 2's last batch is kept: \(all)")
            let checkout = all.filter { $0.at < secondOutage }
            #expect(checkout.first?.from == "closed" && checkout.first?.to == "open", "\(checkout)")
            #expect(checkout.last?.to == "closed", "\(checkout)")
            for transition in checkout {
                #expect(
                    transition.at >= outageStarted.addingTimeInterval(-1)
                        && transition.at <= outageEnded.addingTimeInterval(1))
            }
            let runs = (report?["runs"] as? [[String: Any]]) ?? []
            #expect(runs.map { $0["clean"] as? Bool } == [true, false], "\(runs)")
            let summary = ((report?["endpoints"] as? [[String: Any]]) ?? []).first {
                $0["name"] as? String == "checkout"
            }
            #expect((summary?["trips"] as? Int ?? 0) >= 1)
            #expect((summary?["downtime_seconds"] as? Double ?? 0) > 0)
            #expect((summary?["first_failure"] as? [String: Any])?["error_kind"] as? String == "status")

            // Run 3 notices run 2's unclean stop and records it.
            let third = try await Self.startServe(config, db, sandbox)
            #expect(
                await eventually {
                    report = await Self.history(db, sandbox)
                    return ((report?["events"] as? [[String: Any]]) ?? []).contains {
                        ($0["message"] as? String)?.contains("stopped without closing") == true
                    }
                }, "\(String(describing: report))")
            #expect(await third.terminate() == 0, "\(third.standardError)")

            // The Markdown timeline has the outage and the kill, ready to paste.
            let markdown = try await BuiltBinary.run(
                [
                    "history", "--history", db, "--since", "1h", "--format", "markdown", "--endpoint",
                    "checkout",
                ],
                environment: sandbox.environment())
            #expect(markdown.status == 0)
            #expect(markdown.standardOutput.contains("checkout: closed → open"), "\(markdown.standardOutput)")
            #expect(
                markdown.standardOutput.contains("recording ended without a clean stop"),
                "\(markdown.standardOutput)")
            #expect(markdown.standardOutput.contains("| checkout | shop |"), "\(markdown.standardOutput)")
        }
    }

    @Test func unusableHistoryFilesAreRefusedWithAClearMessage() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer(seed: 6) { server in
            let config = try sandbox.write("serve.yaml", Self.config(server))
            let notes = try sandbox.write("notes.txt", "precious\n")
            let folder = sandbox.root.appendingPathComponent("folder").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            let fifo = sandbox.root.appendingPathComponent("fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let link = sandbox.root.appendingPathComponent("link.db").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: notes)
            for (path, message) in [
                (notes, "is not an ethotop history database"), (folder, "is a directory"),
                (fifo, "is a FIFO"),
                (link, "is a symbolic link"),
            ] {
                let serve = try await BuiltBinary.run(
                    ["serve", "--config", config, "--history", path, "--metrics-listen", "127.0.0.1:0"],
                    environment: sandbox.environment())
                #expect(serve.status == 1, "\(path): \(serve.standardError)")
                #expect(serve.standardError.contains(message), "\(serve.standardError)")
                let history = try await BuiltBinary.run(
                    ["history", "--history", path], environment: sandbox.environment())
                #expect(history.status == 1)
                #expect(history.standardError.contains(message), "\(history.standardError)")
            }
            #expect(try String(contentsOfFile: notes, encoding: .utf8) == "precious\n")
        }
    }
}

/// RFC 3339 with milliseconds, as the JSON writes it.
enum RFC3339Parse {
    static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
    }
}
