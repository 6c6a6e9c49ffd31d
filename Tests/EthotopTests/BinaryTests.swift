import Foundation
import Testing

@testable import ethotop

/// Runs the built `ethotop` binary as a user would.
@Suite struct BinaryTests {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    private static var binary: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("ethotop")
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build ethotop first")
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = try output.fileHandleForReading.readToEnd() ?? Data()
        let err = try errors.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
            standardError: String(decoding: err, as: UTF8.self))
    }

    @Test func versionPrintsTheConstant() throws {
        let result = try run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == EthotopVersion.string + "\n")
    }

    @Test func completionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try run(["--generate-completion-script", shell])
            #expect(result.status == 0)
            #expect(result.standardOutput.contains("snapshot"))
        }
    }

    @Test func usageErrorsExit64() throws {
        #expect(try run(["snapshot", "--format", "xml"]).status == 64)
    }

    /// Logs go to the file under XDG_STATE_HOME; the terminal only gets the command's own
    /// message (here: not yet wired, or whatever the wired engine reports for a missing file).
    @Test func logsGoToTheStateFileNotTheTerminal() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ethotop-bin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = try run(
            ["check", "--config", "/nonexistent/ethotop.yaml", "--log-level", "trace"],
            environment: ["XDG_STATE_HOME": state.path, "HOME": "/nonexistent"])
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(!result.standardError.contains("ethotop 0."))  // the log's startup line
        let log = try String(contentsOf: state.appendingPathComponent("ethotop/ethotop.log"), encoding: .utf8)
        #expect(log.contains("info ethotop: ethotop \(EthotopVersion.string) starting command=check"))
    }
}
