import Foundation
import Testing

@testable import ethotop

/// Runs the built `ethotop` binary as a user would.
@Suite struct BinaryTests {
    private func run(
        _ arguments: [String], environment: [String: String] = [:]
    ) async throws -> (status: Int32?, standardOutput: String, standardError: String) {
        #expect(FileManager.default.isExecutableFile(atPath: BuiltBinary.url.path), "build ethotop first")
        return try await BuiltBinary.run(arguments, environment: environment)
    }

    @Test func versionPrintsTheConstant() async throws {
        let result = try await run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == EthotopVersion.string + "\n")
    }

    @Test func completionScriptsAreGenerated() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try await run(["--generate-completion-script", shell])
            #expect(result.status == 0)
            #expect(result.standardOutput.contains("snapshot"))
        }
    }

    @Test func usageErrorsExit64() async throws {
        #expect(try await run(["snapshot", "--format", "xml"]).status == 64)
    }

    /// Logs go to the file under XDG_STATE_HOME; the terminal only gets the command's own
    /// message (here: not yet wired, or whatever the wired engine reports for a missing file).
    @Test func logsGoToTheStateFileNotTheTerminal() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ethotop-bin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = try await run(
            ["check", "--config", "/nonexistent/ethotop.yaml", "--log-level", "trace"],
            environment: ["XDG_STATE_HOME": state.path, "HOME": "/nonexistent"])
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(!result.standardError.contains("ethotop 0."))  // the log's startup line
        let log = try String(contentsOf: state.appendingPathComponent("ethotop/ethotop.log"), encoding: .utf8)
        #expect(log.contains("info ethotop: ethotop \(EthotopVersion.string) starting command=check"))
    }
}
