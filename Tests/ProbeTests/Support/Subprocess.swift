import Glibc

/// A child process started with `posix_spawn` and a clean signal state.
///
/// Foundation's `Process` hands the child the spawning thread's signal mask, and Swift's pool
/// threads block most signals, so a child started from a test would ignore SIGTERM (and `timeout`
/// inside it could never fire). Here the child gets an empty mask and default dispositions.
final class Subprocess {
    let pid: pid_t
    /// The read end of the child's stdout, when captured.
    let stdout: Int32?

    init(_ arguments: [String], captureOutput: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeFDs: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&pipeFDs) == 0 else { throw SocketError(call: "pipe2") }
            // Keep the parent's ends out of other children (tests spawn in parallel).
            _ = fcntl(pipeFDs[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

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

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, arguments[0], &actions, &attributes, argv, environ)
        if captureOutput { close(pipeFDs[1]) }
        guard spawned == 0 else {
            if captureOutput { close(pipeFDs[0]) }
            throw SocketError(call: "posix_spawn \(arguments[0])", code: spawned)
        }
        pid = child
        stdout = captureOutput ? pipeFDs[0] : nil
    }

    /// Waits for the child and returns its exit status.
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        if let stdout { close(stdout) }
        return status
    }

    /// Reads stdout until a line satisfies `match` (or EOF); returns that line.
    func readLine(where match: (Substring) -> Bool) -> Substring? {
        guard let stdout else { return nil }
        var seen = ""
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = read(stdout, &buffer, buffer.count)
            if count <= 0 { return nil }
            seen += String(decoding: buffer[0..<count], as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: match) { return line }
        }
    }

    /// Sends SIGTERM and reaps the child.
    func terminate() {
        kill(pid, SIGTERM)
        wait()
    }
}
