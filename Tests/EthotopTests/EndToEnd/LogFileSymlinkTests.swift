import Foundation
import TestSupport
import Testing

/// A symbolic link planted where the real binary keeps its log is refused out loud, and nothing is
/// written through it.
@Suite struct LogFileSymlinkTests {
    @Test func thePlantedLinkIsRefusedWithAClearWarning() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let target = sandbox.root.appendingPathComponent("victim").path
        try "precious\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: sandbox.logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.logFile.path, withDestinationPath: target)
        let config = try sandbox.write(
            "c.yaml", "endpoints:\n  - { name: a, url: \"http://127.0.0.1:9/\" }\n")
        let check = try await BuiltBinary.run(
            ["check", "--config", config, "--log-level", "trace"], environment: sandbox.environment())
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardError.contains("symbolic link"), "\(check.standardError)")
        #expect(check.standardError.contains(sandbox.logFile.path))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
    }
}
