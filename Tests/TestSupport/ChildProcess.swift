public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A process a test starts (a server, a tool, `tmux`), started the way a shell would start it.
///
/// `posix_spawn` rather than Foundation's `Process`: the child gets an empty signal mask and
/// default dispositions (Swift's pool threads block signals and a child inherits the mask, so it
/// would ignore SIGTERM, and a `timeout` inside it could never fire). Standard input is
/// /dev/null. Optionally it gets a process group of its own, so that a signal reaches whatever it
/// runs, and runs under coreutils' `timeout`, so that a test process that dies without cleaning
/// up still leaves nothing behind after `lifetime`.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: the status and the pipes are only touched by the test that owns the process,
    // one call at a time.

    /// Why a process could not be started or did not behave.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the process's output when there is any.
        public var description: String

        /// A failure described by `description`.
        public init(_ description: String) { self.description = description }
    }

    /// Where the child's standard output and standard error go.
    public enum Output: Sendable {
        /// Both to /dev/null.
        case discard
        /// Both appended to the file at this path (created if missing); see ``output``.
        case log(String)
        /// Standard output to a pipe (see ``readLine(where:)``), standard error to /dev/null.
        case pipeStandardOutput
        /// Each to a pipe of its own (see ``readToEnd()``).
        case pipes
    }

    /// The process id (of `timeout` when there is a lifetime); with a process group of its own,
    /// also the group id.
    public let pid: pid_t
    /// Where standard output and error go, for ``Output/log(_:)``.
    public let logFile: String?
    /// Whether signals go to the child's process group rather than to the child alone.
    let ownsProcessGroup: Bool
    /// The `waitpid` status once reaped.
    var rawStatus: Int32?
    /// Our read ends of the child's standard output and error, while open.
    var readEnds: [Int32?]

    /// Starts `arguments` (an absolute path first).
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; nil for this process's.
    ///   - output: where its standard output and error go.
    ///   - lifetime: if given, it runs under `timeout`, so it cannot outlive the test run by more.
    ///   - ownProcessGroup: whether it gets a process group of its own, which signals then reach.
    ///   - closeInheritedDescriptors: whether to close every descriptor of ours above 2 in the
    ///     child. The test process holds listeners of other tests (not all close-on-exec), which
    ///     the child would keep open and ``listeningPort(timeout:)`` would see.
    public init(
        _ arguments: [String], environment: [String: String]? = nil, output: Output = .discard,
        lifetime: Duration? = nil, ownProcessGroup: Bool = true, closeInheritedDescriptors: Bool = false
    ) throws {
        let command =
            (lifetime.map { ["/usr/bin/timeout", "--kill-after=5", "\($0.components.seconds)"] } ?? [])
            + arguments
        guard let program = command.first else { throw Failure("no program to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let pipes = try Self.redirect(output, with: &actions)
        if closeInheritedDescriptors {
            // A descriptor closed meanwhile is skipped by glibc; one opened meanwhile is excluded
            // from the port search instead.
            for fd in ProcFS.descriptors(of: "self") where fd > 2 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        Self.resetSignals(&attributes, ownProcessGroup: ownProcessGroup)

        let cArguments = command.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let cEnvironment = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for variable in cEnvironment ?? [] { free(variable) } }
        var child: pid_t = 0
        let spawned: Int32
        if var cEnvironment {
            spawned = posix_spawn(&child, program, &actions, &attributes, cArguments, &cEnvironment)
        } else {
            spawned = posix_spawn(&child, program, &actions, &attributes, cArguments, environ)
        }
        for pipe in pipes { close(pipe.write) }
        guard spawned == 0 else {
            for pipe in pipes { close(pipe.read) }
            throw Failure("posix_spawn \(program) failed: errno \(spawned)")
        }
        pid = child
        logFile = if case .log(let path) = output { path } else { nil }
        ownsProcessGroup = ownProcessGroup
        readEnds = pipes.map { $0.read }
        if readEnds.count == 1 { readEnds.append(nil) }
    }

    deinit {
        stop()
        for case let fd? in readEnds { close(fd) }
    }

    /// What the process has written to its log file so far ("" without one).
    public var output: String {
        logFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    }

    /// Adds `output`'s redirections of descriptors 1 and 2; answers the pipes made for it.
    private static func redirect(
        _ output: Output, with actions: inout posix_spawn_file_actions_t
    ) throws -> [(read: Int32, write: Int32)] {
        switch output {
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            return []
        case .log(let path):
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            return []
        case .pipeStandardOutput:
            let out = try makePipe()
            posix_spawn_file_actions_adddup2(&actions, out.write, 1)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            return [out]
        case .pipes:
            let out = try makePipe()
            let err: (read: Int32, write: Int32)
            do {
                err = try makePipe()
            } catch {
                close(out.read)
                close(out.write)
                throw error
            }
            posix_spawn_file_actions_adddup2(&actions, out.write, 1)
            posix_spawn_file_actions_adddup2(&actions, err.write, 2)
            return [out, err]
        }
    }

    /// A pipe, close-on-exec from creation: tests spawn in parallel, and a pipe end leaked into
    /// another child (a tmux server, say) would keep our read from ever seeing EOF. (`pipe2` is
    /// not imported into Swift; a socket pair takes the flag atomically.)
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw Failure("socketpair: errno \(errno)") }
        return (fds[0], fds[1])
    }

    /// An empty signal mask and default dispositions, and a process group of its own if asked.
    private static func resetSignals(_ attributes: inout posix_spawnattr_t, ownProcessGroup: Bool) {
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }
}
