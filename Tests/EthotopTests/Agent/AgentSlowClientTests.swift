import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A stream client that stops reading (SIGSTOP) costs the agent at most its bounded buffer: it is
/// dropped, the agent says so in its events, and the client gets them when it reconnects.
@Suite struct AgentSlowClientTests {
    /// 400 endpoints (never probed: interval 1h) make a snapshot line of some 250 KB; at a 50 ms
    /// refresh a stopped reader falls behind by 5 MB a second.
    static func config() -> String {
        var yaml = "refresh: 50ms\ndefaults: { interval: 1h }\nendpoints:\n"
        for index in 0..<400 {
            yaml +=
                "  - { name: endpoint-\(index), group: g\(index % 7), url: \"http://127.0.0.1:9/e\(index)\" }\n"
        }
        return yaml
    }

    @Test func aStoppedStreamClientIsDroppedAndToldWhenItReconnects() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write("agent.yaml", Self.config())
        let socket = sandbox.root.path + "/control.sock"
        let agent = try await RunningAgent.start(
            config: path, socket: socket, sandbox: sandbox, extra: ["--stream-buffer", "2MiB"])
        let baseline = try #require(residentKiB(agent.binary.pid))

        let curlLog = sandbox.root.path + "/curl.out"
        let curl = try ChildProcess(
            ["/usr/bin/curl", "-sSN", "--unix-socket", socket, "http://agent/v1/stream"],
            output: .log(curlLog),
            lifetime: .seconds(120))
        #expect(
            await eventually { curl.output.contains("\"type\":\"snapshot\"") }, "\(curl.output.prefix(300))")
        curl.send(signal: SIGSTOP)

        var peak = baseline
        let dropped = await eventually(timeout: .seconds(60)) {
            peak = max(peak, residentKiB(agent.binary.pid) ?? 0)
            return ((try? agent.events()) ?? []).contains {
                ($0["message"] as? String)?.hasPrefix("dropped stream client") == true
            }
        }
        #expect(dropped, "the agent dropped the stopped client")
        // The bound: the client's 2 MiB queue, the snapshots being encoded, allocator slack.
        #expect(peak - baseline < 64 * 1024, "RSS grew from \(baseline) KiB to \(peak) KiB")
        #expect(try agent.get("/v1/agent")["screens"] as? Int == 0)

        // It comes back: its connection is gone; a new one gets hello, then the events it missed,
        // among them the drop.
        curl.send(signal: SIGCONT)
        _ = await curl.waitForExit()
        let seen = curl.output.split(separator: "\n").compactMap { jsonObject(String($0)) }
        let lastSeq =
            seen.compactMap { $0["type"] as? String == "event" ? $0["seq"] as? Int : nil }.max() ?? 0
        let again = try agent.connect()
        again.send(Array(UnixSocketClient.requestText("GET", "/v1/stream?after=\(lastSeq)").utf8))
        #expect(try again.readHead().status == 200)
        #expect(try again.nextLine().flatMap(jsonObject)?["type"] as? String == "hello")
        var told = false
        while let line = try again.nextLine(), let object = jsonObject(line),
            object["type"] as? String != "snapshot"
        {
            if (object["message"] as? String)?.hasPrefix("dropped stream client") == true { told = true }
        }
        #expect(told, "the reconnecting client learns it was dropped")
        #expect(await agent.binary.terminate() == 0, "\(agent.binary.standardError)")
    }
}
