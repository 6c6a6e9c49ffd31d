import ChaosServer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The control socket's life: a stale file from a killed agent is replaced, a second agent on a
/// live socket refuses to start naming the first, and symbolic links are never followed.
@Suite struct AgentSocketTests {
    static let config = """
        refresh: 100ms
        defaults: { interval: 1h }
        endpoints:
          - { name: api, url: "http://127.0.0.1:9/api" }
        """

    @Test func staleSocketIsReplacedAndASecondAgentIsRefused() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write("agent.yaml", Self.config)
        let socket = sandbox.root.path + "/run/control.sock"

        // kill -9 leaves the socket file behind.
        let first = try await RunningAgent.start(config: path, socket: socket, sandbox: sandbox)
        first.binary.signal(SIGKILL)
        _ = await first.binary.waitForExit()
        #expect(permissions(socket) != nil, "the killed agent left its socket")

        let second = try await RunningAgent.start(config: path, socket: socket, sandbox: sandbox)
        #expect(second.binary.standardError.contains("replaced a stale socket at \(socket)"))
        #expect(try second.get("/v1/agent")["pid"] as? Int == Int(second.binary.pid))

        // A third on the same socket: refused, naming the one running; the running one is fine.
        let third = try await BuiltBinary.run(
            ["serve", "--config", path, "--metrics-listen", "127.0.0.1:0", "--control", "unix:\(socket)"],
            environment: sandbox.environment())
        #expect(third.status == 1)
        #expect(
            third.standardError.contains(
                "another ethotop agent (pid \(second.binary.pid)) is already serving unix:\(socket)"),
            "\(third.standardError)")
        #expect(try second.get("/v1/agent")["pid"] as? Int == Int(second.binary.pid))
        #expect(await second.binary.terminate() == 0)
    }

    @Test func symbolicLinksAndForeignFilesAreRefused() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write("agent.yaml", Self.config)
        let serve = { (socket: String) in
            try await BuiltBinary.run(
                [
                    "serve", "--config", path, "--metrics-listen", "127.0.0.1:0", "--control",
                    "unix:\(socket)",
                ],
                environment: sandbox.environment())
        }
        // A symbolic link where the socket goes: neither followed nor removed.
        let target = sandbox.root.path + "/precious"
        try "keep me".write(toFile: target, atomically: true, encoding: .utf8)
        let link = sandbox.root.path + "/link.sock"
        #expect(symlink(target, link) == 0)
        let linked = try await serve(link)
        #expect(
            linked.status == 1 && linked.standardError.contains("is a symbolic link"),
            "\(linked.standardError)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")

        // A plain file where the socket goes.
        let file = try sandbox.write("file.sock", "data")
        let plain = try await serve(file)
        #expect(
            plain.status == 1 && plain.standardError.contains("is not a socket"), "\(plain.standardError)")
        #expect(FileManager.default.fileExists(atPath: file))

        // A directory that is a symbolic link.
        let realDirectory = sandbox.root.path + "/real"
        try FileManager.default.createDirectory(atPath: realDirectory, withIntermediateDirectories: false)
        #expect(symlink(realDirectory, sandbox.root.path + "/alias") == 0)
        let aliased = try await serve(sandbox.root.path + "/alias/control.sock")
        #expect(aliased.status == 1, "\(aliased.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: realDirectory).isEmpty)

        // A directory open to others is tightened.
        let open = sandbox.root.path + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o755)
        let agent = try await RunningAgent.start(
            config: path, socket: open + "/control.sock", sandbox: sandbox)
        #expect(permissions(open) == 0o700)
        #expect(agent.binary.standardError.contains("tightened \(open) from 0755 to 0700"))
        #expect(await agent.binary.terminate() == 0)
    }
}
