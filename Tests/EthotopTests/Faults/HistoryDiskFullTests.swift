import ChaosServer
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The history file on a small tmpfs that fills up: probing goes on, the log says why once,
/// and recording resumes when space is freed. Mounting needs root (CI runs the tests as root).
@Suite(.serialized) struct HistoryDiskFullTests {
    @Test func aFullDiskPausesRecordingNotProbing() async throws {
        try #require(getuid() == 0, "mounting a tmpfs needs root; CI (.ci/run) runs the tests as root")
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let mount = sandbox.root.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: false)
        let mounted = try await BuiltBinaryProcess.run(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.path])
        try #require(mounted == 0, "mount -t tmpfs failed")
        defer { _ = try? BuiltBinaryProcess.runSync("/bin/umount", ["-l", mount.path]) }

        try await withChaosServer(seed: 7) { server in
            let config = try sandbox.write("serve.yaml", HistoryEndToEndTests.config(server))
            let db = mount.appendingPathComponent("history.db").path
            let serve = try await HistoryEndToEndTests.startServe(config, db, sandbox)
            let port = try #require(ServeMetricsTests.port(serve))
            #expect(await eventually { FileManager.default.fileExists(atPath: db + "-wal") })

            // Fill the file system to the last byte.
            let filler = mount.appendingPathComponent("filler").path
            let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try #require(fd >= 0)
            var chunk = [UInt8](repeating: 0x55, count: 64 * 1_024)
            while chunk.count > 0 {
                if write(fd, &chunk, chunk.count) < 0 {
                    chunk = [UInt8](repeating: 0x55, count: chunk.count / 2)
                }
            }
            close(fd)

            let log = sandbox.logFile
            func logText() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
            #expect(await eventually { logText().contains("history write failed") }, "\(logText())")
            #expect(logText().components(separatedBy: "history write failed").count == 2, "reported once")

            // Probing goes on while the disk is full.
            func probes() -> Int {
                let snapshot = jsonObject((try? HTTPGet.fetch(port: port, path: "/snapshot.json")) ?? "")
                return snapshot.flatMap { requestTotal("catalog", in: $0) } ?? 0
            }
            let before = probes()
            #expect(await eventually { probes() > before + 5 })

            // Space comes back: recording resumes and says so, in the log and in the history.
            try FileManager.default.removeItem(atPath: filler)
            #expect(await eventually { logText().contains("history write resumed") }, "\(logText())")
            #expect(await serve.terminate() == 0, "\(serve.standardError)")
            let history = try await BuiltBinary.run(
                ["history", "--history", db, "--since", "1h", "--format", "json"],
                environment: sandbox.environment())
            #expect(history.status == 0, "\(history.standardError)")
            #expect(history.standardOutput.contains("again"), "\(history.standardOutput)")
        }
    }
}

/// Runs a system tool (mount, umount) to completion.
enum BuiltBinaryProcess {
    static func run(_ tool: String, _ arguments: [String]) async throws -> Int32 {
        try runSync(tool, arguments)
    }

    @discardableResult
    static func runSync(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
