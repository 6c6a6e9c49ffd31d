import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion and collects its output, with a clean signal state.
///
/// Not Foundation's `Process`: it hands the child the spawning thread's signal mask, and Swift's
/// pool threads block most signals. A tmux server started that way would pass the blocked mask
/// on to every pane, and the dashboard under test would ignore the SIGTERM the test sends. Here
/// the child gets an empty mask and default dispositions, like a process started from a shell.
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
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        // Close-on-exec from creation: tests spawn in parallel, and a pipe end leaked into
        // another child (a tmux server, say) would keep our read from ever seeing EOF.
        // (`pipe2` is not imported into Swift; a socket pair takes the flag atomically.)
        guard makePipe(&outPipe) else { throw Failure(description: "socketpair: \(errno)") }
        guard makePipe(&errPipe) else {
            close(outPipe[0])
            close(outPipe[1])
            throw Failure(description: "socketpair: \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [path] + arguments.dropFirst()
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, path, &actions, &attributes, cArguments, cEnvironment)
        close(outPipe[1])
        close(errPipe[1])
        defer {
            close(outPipe[0])
            close(errPipe[0])
        }
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(path): \(spawned)") }
        let (output, errors) = readBoth(outPipe[0], errPipe[0])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(
            status: exitStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return socketpair(AF_UNIX, type, 0, &fds) == 0
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

    /// Reads two descriptors to EOF without letting either fill up and block the child.
    private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var buffers: [[UInt8]] = [[], []]
        var fds = [
            pollfd(fd: first, events: Int16(POLLIN), revents: 0),
            pollfd(fd: second, events: Int16(POLLIN), revents: 0),
        ]
        var open = 2
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while open > 0 {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffers[index] += chunk[0..<count]
                } else if count == 0 || errno != EINTR {
                    fds[index].fd = -1
                    open -= 1
                }
            }
        }
        return (buffers[0], buffers[1])
    }
}
