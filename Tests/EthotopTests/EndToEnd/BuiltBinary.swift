import ChaosServer
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The built `ethotop` binary, run as a user would, with its output collected as it arrives.
///
/// Long-running commands (`watch`, `serve`) are started, observed while they run (poll the
/// output with a deadline), signalled (`SIGHUP`, `SIGTERM`) and waited for. Each stream is read
/// to EOF on its own thread, so a chatty process never blocks on a full pipe.
final class BuiltBinary: @unchecked Sendable {
    // @unchecked: `process` is only read after `run()` (its pid and status are thread-safe to
    // read); the collected output sits behind a Mutex.

    /// Where the test binary's sibling `ethotop` is (SwiftPM builds both into one directory).
    static var url: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("ethotop")
    }

    private let process = Process()
    private let collected = Collector()

    /// Output collected by the reader threads.
    private final class Collector: Sendable {
        let state = Mutex((out: Data(), err: Data(), closed: 0))

        /// Reads `handle` to EOF on a thread of its own.
        func drain(_ handle: FileHandle, isError: Bool) {
            Thread.detachNewThread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    self.state.withLock { state in
                        if isError { state.err.append(data) } else { state.out.append(data) }
                    }
                }
                self.state.withLock { $0.closed += 1 }
            }
        }
    }

    /// Starts `ethotop arguments…` with exactly `environment` (nothing inherited).
    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        collected.drain(output.fileHandleForReading, isError: false)
        collected.drain(errors.fileHandleForReading, isError: true)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Everything written to standard output so far.
    var standardOutput: String { collected.state.withLock { String(decoding: $0.out, as: UTF8.self) } }

    /// Everything written to standard error so far.
    var standardError: String { collected.state.withLock { String(decoding: $0.err, as: UTF8.self) } }

    /// The complete lines of standard output so far (a line still being written is left out).
    var outputLines: [String] {
        let text = standardOutput
        guard let end = text.lastIndex(of: "\n") else { return [] }
        return text[..<end].split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Sends `signal` to the process.
    func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits for the process to exit and both streams to reach EOF; returns its exit status, or
    /// `nil` if it did not exit within `timeout` (then it is killed).
    func waitForExit(timeout: Duration = .seconds(30)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning && collected.state.withLock({ $0.closed == 2 }) {
                return process.terminationStatus
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        signal(SIGKILL)
        return nil
    }

    /// Asks the process to stop (SIGTERM) and waits for it; returns its exit status.
    func terminate(timeout: Duration = .seconds(30)) async -> Int32? {
        signal(SIGTERM)
        return await waitForExit(timeout: timeout)
    }

    /// Runs `ethotop arguments…` to completion; returns its status and output.
    static func run(
        _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32?, standardOutput: String, standardError: String) {
        let binary = try BuiltBinary(arguments, environment: environment)
        let status = await binary.waitForExit(timeout: timeout)
        return (status, binary.standardOutput, binary.standardError)
    }
}

/// A scratch directory for one test: its config files, and `HOME`/`XDG_*` pointing inside it so
/// the binary's state file and log never touch the real home.
struct Sandbox: Sendable {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ethotop-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// `HOME`, `XDG_STATE_HOME` and `XDG_CONFIG_HOME` inside the sandbox, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "HOME": root.path, "XDG_STATE_HOME": root.appendingPathComponent("state").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "PATH": "/usr/bin:/bin",
        ].merging(extra) { $1 }
    }

    /// The log file the binary writes.
    var logFile: URL { root.appendingPathComponent("state/ethotop/ethotop.log") }

    /// The operator state file the binary writes.
    var stateFile: URL { root.appendingPathComponent("state/ethotop/state.json") }

    /// Writes `text` to `name` in the sandbox (atomically, as an editor would) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try Data(text.utf8).write(to: url, options: .atomic)
        return url.path
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Decodes JSON `text` into a dictionary (nil when it is not a JSON object).
func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

/// The endpoint `name` of a snapshot document (or snapshot line).
func endpoint(_ name: String, in snapshot: [String: Any]) -> [String: Any]? {
    (snapshot["endpoints"] as? [[String: Any]])?.first { $0["name"] as? String == name }
}

/// `requests.total` of the endpoint `name` in a snapshot (nil when absent).
func requestTotal(_ name: String, in snapshot: [String: Any]) -> Int? {
    (endpoint(name, in: snapshot)?["requests"] as? [String: Any])?["total"] as? Int
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
///
/// A deadline, never a fixed sleep; generous because the binary shares two cores with builds.
func eventually(timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}

/// Runs `body` with a ChaosServer on 127.0.0.1 (port chosen by the OS), stopped afterwards,
/// also when `body` throws.
func withChaosServer<T>(seed: UInt64 = 1, _ body: (ChaosServer) async throws -> T) async throws -> T {
    let server = try await ChaosServer.start(seed: seed)
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}
