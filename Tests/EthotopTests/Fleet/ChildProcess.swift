import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server process the fleet test starts (an `ethotop serve` agent, a Prometheus), in a process
/// group of its own, with its standard output and error appended to a log file.
///
/// Started with `posix_spawn` rather than Foundation's `Process`: the child gets an empty signal
/// mask and default dispositions (Swift's pool threads block signals, and a child inherits the
/// mask, so it would ignore SIGTERM), and its own process group, so that ``stop(grace:)`` reaches
/// whatever it spawned too. The command runs under coreutils' `timeout` as a safety net: if the
/// test process dies before cleaning up, the server still goes away after `lifetime`.
final class ChildProcess {
    /// Why a child could not be started or did not behave.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The process id, also the process group id.
    let pid: pid_t
    /// Where the child's output goes.
    let logFile: URL
    private var status: Int32?

    /// Starts `arguments` (an absolute executable path first) with `environment` as its whole
    /// environment, appending its output to `logFile`.
    init(
        _ arguments: [String], environment: [String: String], logFile: URL,
        lifetime: Duration = .seconds(180)
    ) throws {
        self.logFile = logFile
        let command = ["/usr/bin/timeout", "--kill-after=5", "\(lifetime.components.seconds)"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = command.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in envp { free(variable) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "posix_spawn \(arguments[0]) failed: errno \(spawned)")
        }
        pid = child
    }

    /// The child's output so far.
    var log: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Whether the child has exited (reaping it if so).
    var hasExited: Bool {
        if status != nil { return true }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return false }
        status = raw
        return true
    }

    /// The exit status once exited: the code for a normal exit, 128 + signal for a kill.
    var exitStatus: Int32? {
        guard hasExited, let status else { return nil }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Sends SIGTERM to the child's process group and waits up to `grace` for it to exit, then
    /// SIGKILLs the group. Returns the exit status. Polls with a deadline, never a fixed sleep.
    @discardableResult
    func stop(grace: Duration = .seconds(10)) async -> Int32? {
        if !hasExited { kill(-pid, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while !hasExited, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if !hasExited {
            kill(-pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
            status = raw
        }
        return exitStatus
    }
}
