import Agent
import Foundation
import Monitor
import Testing

/// The control API's decisions, request by request, against a real (unstarted) engine.
@Suite struct AgentRouterTests {
    static func router(_ engine: TestAgentEngine, tokens: AccessTokens? = nil) -> AgentRouter {
        AgentRouter(engine: engine, tokens: tokens) {
            AgentInfo(
                pid: 812, version: "9.9.9", startedAt: Date(timeIntervalSince1970: 0), source: "agent.yaml",
                listen: ["unix:/run/ethotop/control.sock"], screens: 2, refreshSeconds: 1)
        }
    }

    static func control(_ body: String, peer: AgentPeer = rootPeer, authorization: String? = nil)
        -> AgentRequest
    {
        AgentRequest(
            method: "POST", uri: "/v1/control", authorization: authorization, body: Array(body.utf8),
            peer: peer)
    }

    @Test func healthzAgentAndUnknownPaths() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let router = Self.router(engine)
        let health = router.respond(to: AgentRequest(method: "GET", uri: "/healthz", peer: rootPeer))
        #expect(health.status == 200 && health.bytes == Array("ok\n".utf8))

        let agent = router.respond(to: AgentRequest(method: "GET", uri: "/v1/agent", peer: rootPeer))
        let info = try #require(jsonObject(agent.bytes))
        #expect(info["pid"] as? Int == 812 && info["screens"] as? Int == 2)
        #expect(info["started_at"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(info["listen"] as? [String] == ["unix:/run/ethotop/control.sock"])

        let missing = router.respond(to: AgentRequest(method: "GET", uri: "/v2/agent?x=1", peer: rootPeer))
        #expect(missing.status == 404 && missing.contentType == "application/json")
        #expect((jsonObject(missing.bytes)?["error"] as? String)?.contains("/v2/agent") == true)

        let wrong = router.respond(to: AgentRequest(method: "DELETE", uri: "/v1/control", peer: rootPeer))
        #expect(wrong.status == 405)
        #expect(wrong.headers.contains { $0.0 == "Allow" && $0.1 == "POST" })
        #expect(jsonObject(wrong.bytes)?["error"] != nil)
    }

    @Test func controlSendsTheCommandWithItsAuthorAndAnswersTheStates() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let router = Self.router(engine)
        let response = router.respond(to: Self.control(#"{"action":"force_open","endpoint":"api"}"#))
        #expect(response.status == 200)
        let body = try #require(jsonObject(response.bytes))
        #expect(body["action"] as? String == "force_open")
        #expect(body["by"] as? String == "root (pid 4242)")
        #expect(body["target"] as? [String: String] == ["endpoint": "api"])
        let endpoints = try #require(body["endpoints"] as? [[String: Any]])
        #expect(endpoints.count == 1 && endpoints[0]["state"] as? String == "forced_open")
        #expect(engine.state("api") == "forced_open" && engine.state("web") == "closed")

        let event = try #require(engine.events(after: 0).last)
        #expect(event.kind == .operatorAction(.forceOpen))
        #expect(event.message == "api forced open by root (pid 4242)")
        #expect(event.author == "root (pid 4242)")

        let group = router.respond(to: Self.control(#"{"action":"disable","group":"edge"}"#))
        #expect((jsonObject(group.bytes)?["endpoints"] as? [[String: Any]])?.count == 2)
        #expect(engine.state("web") == "disabled" && engine.state("db") == "closed")
        let all = router.respond(to: Self.control(#"{"action":"pause","all":true}"#))
        #expect(all.status == 200)
        #expect(
            (jsonObject(all.bytes)?["endpoints"] as? [[String: Any]])?.allSatisfy {
                $0["paused"] as? Bool == true
            } == true)
        #expect(engine.events(after: 0).last?.message == "all endpoints paused by root (pid 4242)")
    }

    @Test func unknownTargetsAre404AndChangeNothing() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let router = Self.router(engine)
        let before = engine.events(after: 0)
        let endpoint = router.respond(to: Self.control(#"{"action":"reset","endpoint":"nope"}"#))
        #expect(endpoint.status == 404)
        #expect(jsonObject(endpoint.bytes)?["error"] as? String == "no endpoint named 'nope'")
        let group = router.respond(to: Self.control(#"{"action":"force_open","group":"api"}"#))
        #expect(group.status == 404)
        #expect(jsonObject(group.bytes)?["error"] as? String == "no group named 'api'")
        #expect(engine.events(after: 0) == before, "no event, not even an error event")
        #expect(engine.state("api") == "closed")
    }

    @Test(arguments: [
        ("", "the body must be a JSON object"),
        ("not json", "not a JSON object"),
        ("[1,2]", "not a JSON object"),
        (#"{"endpoint":"api"}"#, "action is required"),
        (#"{"action":"explode","endpoint":"api"}"#, "unknown action 'explode'"),
        (#"{"action":"reset"}"#, "exactly one target"),
        (#"{"action":"reset","endpoint":"api","all":true}"#, "exactly one target"),
        (#"{"action":"reset","all":false}"#, "all must be true"),
        (#"{"action":"reset","all":1}"#, "all must be a boolean"),
        (#"{"action":"reset","endpoint":5}"#, "endpoint must be a string"),
        (#"{"action":"reset","endpoint":""}"#, "non-empty"),
        (#"{"action":"reset","endpoint":"api","by":"someone else"}"#, "unknown key 'by'"),
    ])
    func malformedBodiesAre400(body: String, message: String) throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let response = Self.router(engine).respond(to: Self.control(body))
        #expect(response.status == 400)
        let error = jsonObject(response.bytes)?["error"] as? String ?? ""
        #expect(error.contains(message), "\(error)")
        #expect(
            engine.events(after: 0).allSatisfy { if case .operatorAction = $0.kind { false } else { true } })
    }

    @Test func aBodyOver64KiBIs413() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let padding = String(repeating: " ", count: AgentRouter.maxBodyBytes)
        let response = Self.router(engine).respond(
            to: Self.control(#"{"action":"reset","endpoint":"api"}"# + padding))
        #expect(response.status == 413)
        #expect(
            engine.events(after: 0).allSatisfy { if case .operatorAction = $0.kind { false } else { true } })
    }

    @Test func tcpNeedsAValidBearerTokenAndRecordsItsName() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let tokens = try AccessTokens(parsing: "ci:0123456789abcdef-ci\n", path: "tokens")
        let router = Self.router(engine, tokens: tokens)
        let tcp = AgentPeer.tcp(remote: "127.0.0.1:5555")
        let body = #"{"action":"reset","endpoint":"api"}"#
        for authorization in [nil, "Bearer wrong-token-of-length", "Basic 0123456789abcdef-ci", "Bearer"] {
            let response = router.respond(to: Self.control(body, peer: tcp, authorization: authorization))
            #expect(response.status == 401, "\(authorization ?? "none")")
            #expect(response.headers.contains { $0.0 == "WWW-Authenticate" })
        }
        let snapshot = router.respond(to: AgentRequest(method: "GET", uri: "/v1/snapshot", peer: tcp))
        #expect(snapshot.status == 401)
        let health = router.respond(to: AgentRequest(method: "GET", uri: "/healthz", peer: tcp))
        #expect(health.status == 200, "health checks need no token")

        let ok = router.respond(
            to: Self.control(body, peer: tcp, authorization: "Bearer 0123456789abcdef-ci"))
        #expect(ok.status == 200)
        #expect(jsonObject(ok.bytes)?["by"] as? String == "token ci")
        #expect(engine.events(after: 0).last?.message == "api reset by token ci")
        // The Unix socket is guarded by its file mode, not by tokens.
        #expect(router.respond(to: Self.control(body)).status == 200)
    }

    @Test func eventsAfterASequenceNumber() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let router = Self.router(engine)
        _ = router.respond(to: Self.control(#"{"action":"reset","endpoint":"api"}"#))
        _ = router.respond(to: Self.control(#"{"action":"reset","endpoint":"web"}"#))
        let last = try #require(engine.events(after: 0).last?.sequence)
        let response = router.respond(
            to: AgentRequest(method: "GET", uri: "/v1/events?after=\(last - 1)", peer: rootPeer))
        let events = try #require(jsonObject(response.bytes)?["events"] as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events[0]["by"] as? String == "root (pid 4242)" && events[0]["endpoint"] as? String == "web")
        #expect(events[0]["type"] as? String == "event" && events[0]["seq"] as? Int == Int(last))
        let all = router.respond(to: AgentRequest(method: "GET", uri: "/v1/events", peer: rootPeer))
        #expect((jsonObject(all.bytes)?["events"] as? [Any])?.count == engine.events(after: 0).count)
        let bad = router.respond(to: AgentRequest(method: "GET", uri: "/v1/events?after=-1", peer: rootPeer))
        #expect(bad.status == 400)
    }

    @Test func streamAndSnapshotAreHandedToTheServer() throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let router = Self.router(engine)
        let stream = router.respond(
            to: AgentRequest(method: "GET", uri: "/v1/stream?after=7", peer: rootPeer))
        guard case .stream(let after, let author) = stream.body else {
            Issue.record("not a stream")
            return
        }
        #expect(after == 7 && author == "root (pid 4242)" && stream.contentType == "application/x-ndjson")
        let snapshot = router.respond(to: AgentRequest(method: "GET", uri: "/v1/snapshot", peer: rootPeer))
        guard case .snapshot(let value) = snapshot.body else {
            Issue.record("not a snapshot")
            return
        }
        #expect(value.endpoints.map(\.name) == ["api", "web", "db"])
    }

    @Test func reloadAppliesAValidFileAndRejectsAnInvalidOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("agent-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TestAgentEngine.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let engine = try TestAgentEngine(TestAgentEngine.yaml, path: path)
        let router = Self.router(engine)
        try (TestAgentEngine.yaml + "\n  - { name: new, url: \"http://127.0.0.1:9/new\" }\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let accepted = router.respond(to: AgentRequest(method: "POST", uri: "/v1/reload", peer: rootPeer))
        #expect(accepted.status == 200)
        let body = try #require(jsonObject(accepted.bytes))
        #expect(body["accepted"] as? Bool == true)
        let changes = try #require(body["changes"] as? [[String: Any]])
        #expect(
            changes.count == 1 && changes[0]["endpoint"] as? String == "new"
                && changes[0]["change"] as? String == "added")
        #expect(engine.events(after: 0).last?.author == "root (pid 4242)")

        try "endpoints:\n  - { name: x }\n".write(toFile: path, atomically: true, encoding: .utf8)
        let rejected = router.respond(to: AgentRequest(method: "POST", uri: "/v1/reload", peer: rootPeer))
        #expect(rejected.status == 422)
        let errors = try #require(jsonObject(rejected.bytes)?["errors"] as? [String])
        #expect(errors.first?.hasPrefix(path + ":") == true, "\(errors)")
        #expect(engine.latest().endpoints.count == 4, "the old config runs on")

        let demo = try TestAgentEngine(TestAgentEngine.yaml)
        #expect(
            Self.router(demo).respond(to: AgentRequest(method: "POST", uri: "/v1/reload", peer: rootPeer))
                .status == 409)
    }
}
