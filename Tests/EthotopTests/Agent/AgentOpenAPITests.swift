import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// docs/api/openapi.yaml against the running agent: schemathesis (installed by `make test-deps`
/// into .build/schemathesis) fuzzes every path but the never-ending stream over TCP with a
/// token, with bounded examples (50 per path, about 220 requests, 15 s) and a fixed seed, and fails on any server error, schema
/// violation, or invalid request accepted.
@Suite struct AgentOpenAPITests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func theAgentKeepsToItsOpenAPIDocument() async throws {
        let schemathesis = Self.packageRoot.appendingPathComponent(".build/schemathesis/bin/schemathesis")
            .path
        try #require(
            FileManager.default.isExecutableFile(atPath: schemathesis),
            "schemathesis is not installed: run make test-deps")
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let config = try sandbox.write(
            "agent.yaml",
            """
            refresh: 200ms
            defaults: { interval: 1h }
            endpoints:
              - { name: api, group: edge, url: "http://127.0.0.1:9/api" }
              - { name: web, group: edge, url: "http://127.0.0.1:9/web" }
            """)
        let tokens = try sandbox.write("tokens", "fuzz:fuzz-token-0123456789\n")
        chmod(tokens, 0o600)
        let agent = try await RunningAgent.start(
            config: config, socket: sandbox.root.path + "/control.sock", sandbox: sandbox,
            extra: ["--control", "127.0.0.1:0", "--token-file", tokens])
        let line =
            agent.binary.standardError.split(separator: "\n").first { $0.contains("control API on") } ?? ""
        let port = try #require(
            line.split(separator: " ").last.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) })

        let log = sandbox.root.path + "/schemathesis.log"
        let run = try ChildProcess(
            [
                // In the sandbox: schemathesis keeps a cache in its working directory.
                "/usr/bin/env", "-C", sandbox.root.path, schemathesis, "run",
                Self.packageRoot.appendingPathComponent("docs/api/openapi.yaml").path,
                "--url", "http://127.0.0.1:\(port)", "--header",
                "Authorization: Bearer fuzz-token-0123456789",
                "--checks", "all", "--exclude-path", "/v1/stream", "--max-examples", "50", "--seed", "1",
                "--workers", "1", "--request-timeout", "10", "--generation-database", "none", "--no-color",
            ],
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": sandbox.root.path, "SCHEMATHESIS_TELEMETRY": "false",
            ],
            output: .log(log), lifetime: .seconds(300), closeInheritedDescriptors: true)
        let status = await run.waitForExit()
        #expect(status == 0, "\(run.output.suffix(4_000))")
        #expect(run.output.contains("Tested: 6"), "\(run.output.suffix(2_000))")
        // Fuzzed, the agent is still itself.
        #expect(try agent.get("/v1/agent")["pid"] as? Int == Int(agent.binary.pid))
        #expect(await agent.binary.terminate() == 0, "\(agent.binary.standardError)")
    }
}
