import Agent
import Foundation
import Monitor
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The server in this process over a real Unix socket: the stream's resynchronisation (missed
/// events, gap lines), TCP with tokens, and what it refuses at start.
@Suite struct AgentServerTests {
    static func directory() throws -> String {
        let path = "/tmp/ethotop-agent-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    static func configuration(_ addresses: [ControlAddress], tokens: AccessTokens? = nil)
        -> AgentConfiguration
    {
        AgentConfiguration(addresses: addresses, tokens: tokens, version: "0.0.0-test", pid: getpid())
    }

    @Test func aReconnectingStreamGetsWhatItMissedOrAGap() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try TestAgentEngine("event_log: 10\n" + TestAgentEngine.yaml)
        let socket = directory + "/control.sock"
        let server = try await AgentServer.start(
            engine: engine, configuration: Self.configuration([.unix(socket)]))

        for _ in 0..<4 { engine.send(ControlCommand(.reset, .endpoint("api"), author: "tester")) }
        let recent = try #require(engine.events(after: 0).last?.sequence)

        // Missed events still in the ring: exactly those, no gap.
        let resume = try UnixSocketClient(path: socket)
        resume.send(Array(UnixSocketClient.requestText("GET", "/v1/stream?after=\(recent - 2)").utf8))
        #expect(try resume.readHead().status == 200)
        #expect(try resume.nextLine().flatMap { jsonObject(Array($0.utf8)) }?["type"] as? String == "hello")
        let missed = try #require(try resume.nextLine().flatMap { jsonObject(Array($0.utf8)) })
        #expect(missed["seq"] as? Int == Int(recent - 1) && missed["by"] as? String == "tester")
        #expect(try resume.nextLine().flatMap { jsonObject(Array($0.utf8)) }?["seq"] as? Int == Int(recent))
        #expect(
            try resume.nextLine().flatMap { jsonObject(Array($0.utf8)) }?["type"] as? String == "snapshot")

        // Events that left the ring: a gap line says which.
        for _ in 0..<12 { engine.send(ControlCommand(.reset, .endpoint("web"), author: "tester")) }
        let first = try #require(engine.events(after: 0).first?.sequence)
        let late = try UnixSocketClient(path: socket)
        late.send(Array(UnixSocketClient.requestText("GET", "/v1/stream?after=1").utf8))
        _ = try late.readHead()
        #expect(try late.nextLine().flatMap { jsonObject(Array($0.utf8)) }?["type"] as? String == "hello")
        let gap = try #require(try late.nextLine().flatMap { jsonObject(Array($0.utf8)) })
        #expect(gap["type"] as? String == "gap")
        #expect(gap["missed_from"] as? Int == 2 && gap["missed_to"] as? Int == Int(first - 1))
        #expect(try late.nextLine().flatMap { jsonObject(Array($0.utf8)) }?["seq"] as? Int == Int(first))

        // The first stream gets, on the next refresh, a gap for what left the ring before it
        // was sent, then the rest, each once.
        var seqs: [Int] = []
        var gaps: [[Int]] = []
        while seqs.last != Int(first) + 9, let line = try resume.nextLine() {
            guard let object = jsonObject(Array(line.utf8)) else { continue }
            if let seq = object["seq"] as? Int { seqs.append(seq) }
            if let from = object["missed_from"] as? Int, let to = object["missed_to"] as? Int {
                gaps.append([from, to])
            }
        }
        #expect(gaps == [[Int(recent) + 1, Int(first) - 1]])
        #expect(seqs == Array(Int(first)...(Int(first) + 9)))
        #expect(server.screens == 2)
        await server.stop()
        #expect(permissions(socket) == nil)
    }

    @Test func tcpWithTokensAnswers401WithoutOne() async throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        let tokens = try AccessTokens(parsing: "# screens\nops:abcdefghijklmnop-ops\n", path: "tokens")
        let server = try await AgentServer.start(
            engine: engine,
            configuration: Self.configuration([.tcp(.init(host: "127.0.0.1", port: 0))], tokens: tokens))
        guard case .tcp(let bound) = try #require(server.boundAddresses.first) else {
            Issue.record("not TCP")
            return
        }
        let body = #"{"action":"force_open","endpoint":"db"}"#
        let refused = try UnixSocketClient(port: bound.port).request("POST", "/v1/control", body: body)
        #expect(refused.status == 401 && refused.headers["www-authenticate"] != nil)
        let accepted = try UnixSocketClient(port: bound.port).request(
            "POST", "/v1/control", headers: ["Authorization": "Bearer abcdefghijklmnop-ops"], body: body)
        #expect(
            accepted.status == 200 && jsonObject(Array(accepted.body.utf8))?["by"] as? String == "token ops")
        #expect(engine.state("db") == "forced_open")
        await server.stop()
    }

    @Test func startRefusesOpenTCPWithoutTokens() async throws {
        let engine = try TestAgentEngine(TestAgentEngine.yaml)
        await #expect(throws: AgentStartError.self) {
            _ = try await AgentServer.start(
                engine: engine, configuration: Self.configuration([.tcp(.init(host: "0.0.0.0", port: 0))]))
        }
        // Loopback is allowed without tokens.
        let server = try await AgentServer.start(
            engine: engine, configuration: Self.configuration([.tcp(.init(host: "127.0.0.1", port: 0))]))
        await server.stop()
    }
}

/// The permission bits of `path` (not following links), or nil when it does not exist.
func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}
