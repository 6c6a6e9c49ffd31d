public import Foundation

/// Runs `promtool` (Debian package `prometheus`, installed by `make test-deps`): `check metrics`
/// on exposition text, `check config`, `check rules`, `test rules` on files. Only the binary is
/// used: no Prometheus server is started.
public enum Promtool {
    /// What promtool answered.
    public struct Result: Sendable {
        /// The exit status; -1 when promtool is not installed.
        public var status: Int32
        /// Standard output and error together.
        public var output: String
    }

    /// What to tell whoever finds promtool missing.
    public static let notFound = "promtool not found: apt-get install prometheus (make test-deps)"

    /// The promtool executable: the first on `PATH`, else /usr/bin's; nil when there is none.
    public static var path: String? {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            .split(separator: ":").map { "\($0)/promtool" } + ["/usr/bin/promtool"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `promtool check metrics` on `text` (the exposition format).
    public static func checkMetrics(_ text: String) throws -> Result {
        try run(["check", "metrics"], input: text)
    }

    /// Runs `promtool arguments…` to completion in `directory` (or this process's), with `input`
    /// on its standard input (or /dev/null); status -1 when promtool is not installed.
    public static func run(
        _ arguments: [String], input: String? = nil, in directory: URL? = nil
    ) throws -> Result {
        guard let path else { return Result(status: -1, output: notFound) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        if let input {
            try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
