import Foundation
import TestSupport
import Testing

/// `deploy/systemd/ethotop.service` passes `systemd-analyze verify` (installed by `make
/// test-deps`) with the built binary in place of the installed one, and keeps the hardening the
/// docs promise.
@Suite struct SystemdUnitTests {
    static var unitPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/systemd/ethotop.service").path
    }

    /// Runs `systemd-analyze verify` on `text` saved as `ethotop.service`; answers its output.
    static func verify(_ text: String, in directory: String) async throws -> (status: Int32, output: String) {
        let path = directory + "/ethotop.service"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let log = directory + "/verify.log"
        let process = try ChildProcess(
            ["/usr/bin/systemd-analyze", "verify", path],
            environment: ["PATH": "/usr/bin:/bin", "SYSTEMD_LOG_COLOR": "0"],
            output: .log(log), lifetime: .seconds(60), closeInheritedDescriptors: true)
        let status = await process.waitForExit()
        return (status, process.output)
    }

    @Test func theUnitVerifiesCleanly() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let unit = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
        for directive in [
            "DynamicUser=yes", "RuntimeDirectory=ethotop", "StateDirectory=ethotop", "ProtectSystem=strict",
            "NoNewPrivileges=yes", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID",
        ] {
            #expect(unit.contains("\n" + directive + "\n"), "\(directive)")
        }
        let local = unit.replacingOccurrences(of: "/usr/local/bin/ethotop", with: BuiltBinary.url.path)
        let clean = try await Self.verify(local, in: sandbox.root.path)
        #expect(clean.status == 0 && clean.output.isEmpty, "\(clean.output)")

        // The check can fail: a misspelt directive is reported.
        let broken = try await Self.verify(
            local.replacingOccurrences(of: "Restart=on-failure", with: "Restart=on-failure\nRestartt=always"),
            in: sandbox.root.path)
        #expect(broken.output.contains("Unknown key 'Restartt'"), "\(broken.output)")
    }
}
