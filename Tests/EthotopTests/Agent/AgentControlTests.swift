import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `ethotop serve` with a live engine against the ChaosServer, driven over its Unix socket:
/// snapshot, stream and control, who did it recorded in the events, and the 4xx answers that
/// change nothing.
@Suite struct AgentControlTests {
    static func config(_ server: ChaosServer) -> String {
        """
        refresh: 100ms
        defaults:
          interval: 100ms
          retry: { max_tries: 1 }
          breaker: { failure_threshold: 2, recovery_timeout: 1h }
        endpoints:
          - { name: checkout, group: shop, url: "\(server.url(for: "/outage/checkout"))" }
          - { name: catalog, group: shop, url: "\(server.url(for: "/ok"))" }
          - { name: quotes, group: partner, url: "\(server.url(for: "/ok?c=quotes"))" }
        """
    }

    @Test func controlOverTheSocketIsSeenOnTheStreamWithItsAuthor() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer { server in
            let path = try sandbox.write("agent.yaml", Self.config(server))
            let socket = sandbox.root.path + "/run/control.sock"
            let agent = try await RunningAgent.start(config: path, socket: socket, sandbox: sandbox)
            #expect(permissions(sandbox.root.path + "/run") == 0o700)
            #expect(permissions(socket) == 0o600)

            // The stream: hello first, then the events so far, then a snapshot.
            let stream = try agent.connect()
            stream.send(Array(UnixSocketClient.requestText("GET", "/v1/stream").utf8))
            let head = try stream.readHead()
            #expect(head.status == 200 && head.headers["content-type"] == "application/x-ndjson")
            let hello = try #require(try stream.nextLine().flatMap(jsonObject))
            #expect(hello["type"] as? String == "hello")
            let info = try #require(hello["agent"] as? [String: Any])
            #expect(info["pid"] as? Int == Int(agent.binary.pid))
            #expect(info["screens"] as? Int == 1)
            #expect(info["listen"] as? [String] == ["unix:\(socket)"])
            #expect(try agent.get("/v1/agent")["screens"] as? Int == 1)

            // An outage opens checkout's breaker; a reset over the socket closes it, recorded
            // with this process as its author.
            server.setOutage("checkout", on: true)
            #expect(await eventually { (try? agent.state("checkout")) == "open" })
            server.setOutage("checkout", on: false)
            let reset = try agent.control(#"{"action":"reset","endpoint":"checkout"}"#)
            #expect(reset.status == 200, "\(reset.body)")
            let answer = try #require(jsonObject(reset.body))
            #expect(answer["by"] as? String == thisProcessAuthor())
            #expect((answer["endpoints"] as? [[String: Any]])?.first?["state"] as? String == "closed")

            var seen: [String: Any]?
            while let line = try stream.nextLine(), let object = jsonObject(line) {
                if object["kind"] as? String == "operator_action" {
                    seen = object
                    break
                }
            }
            let event = try #require(seen, "the reset reached the stream")
            #expect(event["by"] as? String == thisProcessAuthor())
            #expect(event["message"] as? String == "checkout reset by \(thisProcessAuthor())")
            #expect(event["endpoint"] as? String == "checkout")
            let next = try #require(try stream.nextLine().flatMap(jsonObject))
            #expect(["event", "snapshot"].contains(next["type"] as? String ?? ""))

            // The same through curl, as the docs show it.
            let curl = try await ChildProcess.run(
                [
                    "/usr/bin/curl", "-sS", "--unix-socket", socket, "-d",
                    #"{"action":"force_open","group":"partner"}"#,
                    "http://agent/v1/control",
                ], in: sandbox.root.path)
            #expect(curl.contains(#""state":"forced_open""#), "\(curl)")
            #expect(try agent.state("quotes") == "forced_open")
            #expect(try agent.events().last?["by"] as? String ?? "" != thisProcessAuthor(), "curl's own pid")
            #expect(
                (try agent.events().last?["message"] as? String)?.hasPrefix("group partner forced open by ")
                    == true)

            #expect(await agent.binary.terminate() == 0, "\(agent.binary.standardError)")
            #expect(permissions(socket) == nil, "the socket is removed at exit")
        }
    }

    @Test func badRequestsAre4xxAndChangeNothing() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try await withChaosServer { server in
            let path = try sandbox.write("agent.yaml", Self.config(server))
            let agent = try await RunningAgent.start(
                config: path, socket: sandbox.root.path + "/control.sock", sandbox: sandbox)
            let before = try agent.events().count

            let unknown = try agent.control(#"{"action":"force_open","endpoint":"nope"}"#)
            #expect(
                unknown.status == 404
                    && jsonObject(unknown.body)?["error"] as? String == "no endpoint named 'nope'")
            let group = try agent.control(#"{"action":"disable","group":"nope"}"#)
            #expect(
                group.status == 404 && jsonObject(group.body)?["error"] as? String == "no group named 'nope'")
            #expect(try agent.control("{not json").status == 400)
            #expect(try agent.control(#"{"action":"reset"}"#).status == 400)
            let notFound = try agent.connect().request("GET", "/v1/nothing")
            #expect(notFound.status == 404 && notFound.headers["content-type"] == "application/json")
            let method = try agent.connect().request("PUT", "/v1/snapshot", body: "")
            #expect(method.status == 405 && jsonObject(method.body)?["error"] != nil)
            let huge = try agent.connect().request(
                "POST", "/v1/control", body: String(repeating: "x", count: 200 * 1024))
            #expect(huge.status == 413)

            // Garbage, an endless header and a silent client: a 4xx or a close, and the agent
            // answers everyone else as before.
            let silent = try agent.connect()
            let garbage = try agent.connect(timeout: .seconds(5))
            garbage.send([0x00, 0xFF, 0x13] + Array("garbage\r\n\r\n".utf8))
            let garbageAnswer = garbage.readUntilClosed()
            #expect(garbageAnswer.isEmpty || garbageAnswer.hasPrefix("HTTP/1.1 4"), "\(garbageAnswer)")
            let header = try agent.connect(timeout: .seconds(5))
            header.send(
                Array("GET /v1/agent HTTP/1.1\r\nX-Big: ".utf8) + Array(repeating: 0x61, count: 256 * 1024))
            let headerAnswer = header.readUntilClosed()
            #expect(
                headerAnswer.isEmpty || headerAnswer.hasPrefix("HTTP/1.1 4"), "\(headerAnswer.prefix(200))")
            #expect(try agent.get("/v1/agent")["pid"] as? Int == Int(agent.binary.pid))
            _ = silent

            #expect(
                try ["checkout", "catalog", "quotes"].map { try agent.state($0) } == [
                    "closed", "closed", "closed",
                ])
            let operatorEvents = try agent.events().filter { $0["kind"] as? String == "operator_action" }
            #expect(operatorEvents.isEmpty)
            #expect(try agent.events().count >= before)
            #expect(await agent.binary.terminate() == 0, "\(agent.binary.standardError)")
        }
    }
}
