import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `ethotop attach` end to end: a real agent (`ethotop serve`) watching a ChaosServer, and real
/// dashboards attached to it in tmux (``DashboardInTmux``), over the Unix socket and over
/// loopback TCP with a token.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct AttachEndToEndTests {
    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 200ms
        defaults:
          interval: 200ms
          timeout: 1s
          retry: { max_tries: 1 }
          breaker: { failure_threshold: 2, recovery_timeout: 60s }
        endpoints:
          - name: checkout
            group: shop
            url: "\(server.url(for: "/outage/checkout"))"
          - name: catalog
            group: shop
            url: "\(server.url(for: "/ok"))"
        """
    }

    /// The header line.
    static func header(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    /// The row of `name` in the endpoints table, if on screen.
    static func row(_ name: String, in screen: String) -> String? {
        screen.split(separator: "\n").first {
            $0.contains(" \(name) ") && ($0.contains("CLOSED") || $0.contains("OPEN"))
        }
        .map(String.init)
    }

    @Test func twoScreensShareOneAgentAndSurviveItsDeath() async throws {
        try await withChaosServer { server in
            let sandbox = try Sandbox()
            defer { sandbox.remove() }
            let config = try sandbox.write("config.yaml", Self.config(server))
            let socket = sandbox.root.appendingPathComponent("control.sock").path
            var agent = try await RunningAgent.start(config: config, socket: socket, sandbox: sandbox)
            let screenArguments = ["attach", "unix:\(socket)", "--refresh", "200ms"]
            try await DashboardInTmux.with(arguments: screenArguments, width: 220, height: 40) { a in
                try await DashboardInTmux.with(arguments: screenArguments, width: 220, height: 40) { b in
                    // Both screens attached: the header says so, the rows come from the agent.
                    for screen in [a, b] {
                        try await screen.waitForScreen("attached header and rows") {
                            $0.contains("attached to serve pid") && $0.contains("on unix:\(socket)")
                                && Self.row("catalog", in: $0) != nil
                        }
                    }
                    // An outage on the ChaosServer: both screens see checkout's breaker open.
                    server.setOutage("checkout", on: true)
                    for screen in [a, b] {
                        try await screen.waitForScreen("checkout open") {
                            Self.row("checkout", in: $0)?.contains("OPEN") == true
                        }
                    }
                    server.setOutage("checkout", on: false)
                    // Reset from A (checkout sorts first: it is the open one), seen on B with who did it.
                    try await a.press("r")
                    try await b.waitForScreen("the reset with its author on B") {
                        $0.contains("checkout reset by ") && $0.contains("(pid ")
                            && Self.row("checkout", in: $0)?.contains("CLOSED") == true
                    }
                    // q on A detaches; B and the agent go on.
                    let aPid = try await a.pid()
                    try await a.press("q")
                    #expect(try await a.exitStatus() == 0)
                    #expect(!DashboardInTmux.isRunning(aPid))
                    #expect(try agent.get("/v1/agent")["pid"] as? Int != nil)
                    let before = try await b.screen()
                    try await b.waitForScreen("B still live") {
                        $0 != before && $0.contains("attached to serve")
                    }

                    // kill -9 of the agent: B says so, and recovers when an agent is back.
                    agent.binary.signal(SIGKILL)
                    _ = await agent.binary.waitForExit()
                    try await b.waitForScreen("agent lost on B") {
                        Self.header($0).contains("agent lost since") && Self.header($0).contains("retrying")
                    }
                    agent = try await RunningAgent.start(config: config, socket: socket, sandbox: sandbox)
                    let newPid = try #require(try agent.get("/v1/agent")["pid"] as? Int)
                    let back = try await b.waitForScreen("B reattached", timeout: .seconds(90)) {
                        Self.header($0).contains("attached to serve pid \(newPid) on unix:")
                            && Self.row("catalog", in: $0) != nil
                    }
                    // The events pane tells the story: lost, with why, then attached again.
                    #expect(back.contains("agent lost: "))
                    #expect(back.contains("attached to serve pid \(newPid)"))
                    try await b.press("q")
                    #expect(try await b.exitStatus() == 0)
                    #expect(try await b.terminalModes().isSuperset(of: ["echo", "icanon", "isig"]))
                }
            }
            #expect(await agent.binary.terminate() == 0)
        }
    }

    @Test func attachOverLoopbackTCPWithAToken() async throws {
        try await withChaosServer { server in
            let sandbox = try Sandbox()
            defer { sandbox.remove() }
            let config = try sandbox.write("config.yaml", Self.config(server))
            let tokens = try sandbox.write("tokens", "ops:s3cret-token-0123456789\n")
            chmod(tokens, 0o600)
            let clientToken = try sandbox.write("token", "s3cret-token-0123456789\n")
            chmod(clientToken, 0o600)
            let socket = sandbox.root.appendingPathComponent("control.sock").path
            let port = try Loopback.closedPort()
            let agent = try await RunningAgent.start(
                config: config, socket: socket, sandbox: sandbox,
                extra: ["--control", "127.0.0.1:\(port)", "--token-file", tokens])
            defer { agent.binary.signal(SIGKILL) }
            try await DashboardInTmux.with(
                arguments: [
                    "attach", "127.0.0.1:\(port)", "--token-file", clientToken, "--refresh", "200ms",
                ],
                width: 220, height: 40
            ) { screen in
                try await screen.waitForScreen("attached over TCP") {
                    $0.contains("attached to serve pid") && $0.contains("on 127.0.0.1:\(port)")
                        && Self.row("catalog", in: $0) != nil
                }
                try await screen.press("r")
                try await screen.waitFor(text: "reset by token ops")
                try await screen.press("q")
                #expect(try await screen.exitStatus() == 0)
            }
            // Without the token the agent refuses, and the screen says why rather than drawing.
            let refused = try await BuiltBinary.run(
                ["snapshot", "--attach", "127.0.0.1:\(port)"], environment: sandbox.environment())
            #expect(refused.status == 1)
            #expect(refused.standardError.contains("401"))

            // snapshot --attach: the document of docs/JSON.md, from the agent.
            let snapshot = try await BuiltBinary.run(
                ["snapshot", "--attach", "127.0.0.1:\(port)", "--token-file", clientToken],
                environment: sandbox.environment())
            #expect(snapshot.status == 0)
            let document = try #require(jsonObject(snapshot.standardOutput))
            #expect(document["version"] as? Int == 1)
            #expect(endpoint("catalog", in: document) != nil)
            #expect((endpoint("catalog", in: document)?["policy"] as? [String])?.isEmpty == false)

            // watch --attach: the agent's lines, events then snapshots, over the Unix socket.
            let watch = try BuiltBinary(
                ["watch", "--attach", "unix:\(socket)"], environment: sandbox.environment())
            let lines = await eventually {
                let lines = watch.outputLines.compactMap(jsonObject)
                return lines.contains { $0["type"] as? String == "snapshot" }
                    && lines.contains { $0["type"] as? String == "event" }
            }
            #expect(lines)
            #expect(
                watch.outputLines.compactMap(jsonObject).allSatisfy {
                    ["event", "snapshot"].contains($0["type"] as? String)
                })
            #expect(watch.standardError.contains("attached to serve pid"))
            #expect(await watch.terminate() == 0)
        }
    }
}
