import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion and collects its output, with a clean signal state.
///
/// A ``ChildProcess``, not Foundation's `Process`: that hands the child the spawning thread's
/// signal mask, and Swift's pool threads block most signals. A tmux server started that way would
/// pass the blocked mask on to every pane, and the dashboard under test would ignore the SIGTERM
/// the test sends.
enum Command {
    /// What a finished program left behind.
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `arguments` (the first is an absolute path or a name found on `PATH`) with
    /// `environment`, stdin from /dev/null; answers the exit status, stdout and stderr.
    ///
    /// The wait happens on a thread of its own: these tests run tmux hundreds of times, and
    /// blocking Swift's cooperative pool (one thread per core) for each would starve every other
    /// test running in parallel.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Swift.Result { try runBlocking(arguments, environment: environment) })
            }
            thread.name = "TerminalTests.Command"
            thread.start()
        }
    }

    /// ``run(_:environment:)`` on the calling thread.
    static func runBlocking(_ arguments: [String], environment: [String: String]) throws -> Result {
        guard let program = arguments.first else { throw Failure(description: "no program") }
        let path = try resolve(program, environment: environment)
        let child = try ChildProcess(
            [path] + arguments.dropFirst(), environment: environment, output: .pipes, ownProcessGroup: false)
        let (output, errors) = child.readToEnd()
        return Result(status: child.wait(), output: output, errors: errors)
    }

    /// Finds `program` on the environment's `PATH` unless it is already a path.
    static func resolve(_ program: String, environment: [String: String]) throws -> String {
        if program.contains("/") { return program }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw Failure(description: "\(program) not found on PATH (make test-deps installs it)")
    }
}
