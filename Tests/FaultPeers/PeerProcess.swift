public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A helper process for a fault test (a TLS or HTTP/2 server, `openssl`), started the way a
/// shell would start it.
///
/// `posix_spawn` rather than Foundation's `Process`: the child gets an empty signal mask and
/// default dispositions (Swift's pool threads block signals and a child inherits the mask, so it
/// would ignore SIGTERM), and a process group of its own, so ``stop()`` reaches whatever it runs.
/// Long-lived servers run under coreutils' `timeout`, so that a test process that dies without
/// cleaning up still leaves nothing behind after `lifetime`.
public final class PeerProcess: @unchecked Sendable {
    // @unchecked: `status` is only touched by the test that owns the process, one call at a time.

    /// Why a helper could not be started or did not behave.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the helper's output when there is any.
        public var description: String

        /// A failure described by `description`.
        public init(_ description: String) { self.description = description }
    }

    /// The process id (of `timeout` when there is a lifetime), also the process group id.
    public let pid: pid_t
    /// Where standard output and error go.
    public let logFile: String
    private var status: Int32?

    /// Starts `arguments` (an absolute path first) with output appended to `logFile`; with a
    /// `lifetime`, under `timeout` so it cannot outlive the test run by more than that. The
    /// environment is this process's unless `environment` is given (then it is the whole of it).
    public init(
        _ arguments: [String], logFile: String, lifetime: Duration? = .seconds(300),
        environment: [String: String]? = nil
    ) throws {
        self.logFile = logFile
        let command =
            lifetime.map { ["/usr/bin/timeout", "--kill-after=5", "\($0.components.seconds)"] } ?? []
        let argv = command + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours: the test process holds listeners of other tests (not all of them
        // close-on-exec), which the child would keep open and ``listeningPort(timeout:)`` would see.
        // (A descriptor closed meanwhile is skipped by glibc; one opened meanwhile is excluded
        // from the port search instead.)
        for fd in Self.descriptors(of: "self") where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

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

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let cEnvironment = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for variable in cEnvironment ?? [] { free(variable) } }
        var child: pid_t = 0
        let spawned: Int32
        if var cEnvironment {
            spawned = posix_spawn(&child, argv[0], &actions, &attributes, cArguments, &cEnvironment)
        } else {
            spawned = posix_spawn(&child, argv[0], &actions, &attributes, cArguments, environ)
        }
        guard spawned == 0 else { throw Failure("posix_spawn \(argv[0]) failed: errno \(spawned)") }
        pid = child
    }

    deinit { stop() }

    /// Runs `arguments` to completion; throws with its output when it exits non-zero, else
    /// answers its output (standard output and error together).
    ///
    /// Waits without blocking a thread (see ``waitForExit()``): the test process runs every suite on
    /// Swift's cooperative pool, one thread per core, and a test parked in `waitpid` would stall
    /// every other test's servers and deadlines meanwhile.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String]? = nil
    ) async throws -> String {
        let log = directory + "/run-\(UUID().uuidString.prefix(8)).log"
        let process = try PeerProcess(
            arguments, logFile: log, lifetime: .seconds(60), environment: environment)
        let status = await process.waitForExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        guard status == 0 else {
            throw Failure("\(arguments.joined(separator: " ")) exited \(status): \(output)")
        }
        return output
    }

    /// What the process has written so far.
    public var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Whether the process has exited (reaping it if so).
    public var hasExited: Bool {
        if status != nil { return true }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return false }
        status = raw
        return true
    }

    /// Waits for the process to exit, polling every millisecond instead of blocking a thread;
    /// returns its exit code (128 + n for death by signal n).
    @discardableResult
    public func waitForExit() async -> Int32 {
        while !hasExited { try? await Task.sleep(for: .milliseconds(1)) }
        return wait()
    }

    /// Waits for the process to exit, blocking; returns its exit code (128 + n for death by
    /// signal n). For a process already killed or exited: it returns at once.
    @discardableResult
    public func wait() -> Int32 {
        if status == nil {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
            status = raw
        }
        let raw = status ?? 0
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }

    /// Kills the process group and reaps the process. Idempotent.
    public func stop() {
        guard !hasExited else { return }
        kill(-pid, SIGKILL)
        wait()
    }

    /// The TCP port the process (or one of its descendants) listens on, once it does.
    ///
    /// Read from `/proc`: the socket inodes of the processes' file descriptors, looked up in
    /// `/proc/net/tcp` among sockets in the LISTEN state. Servers bound to port 0 print their port
    /// in no uniform way (nghttpd not at all); the kernel always knows.
    public func listeningPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if hasExited { throw Failure("\(pid) exited before listening: \(output)") }
            if let port = Self.listeningPorts(of: Self.processTree(pid)).first { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Failure("\(pid) did not listen within \(timeout): \(output)")
    }

    /// The open descriptors of process `pid` (`self` for this one).
    static func descriptors(of pid: String) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).compactMap {
            Int32($0)
        }
    }

    /// The socket inodes process `pid` holds.
    static func socketInodes(of pid: String) -> Set<String> {
        var inodes = Set<String>()
        for fd in descriptors(of: pid) {
            guard
                let target = try? FileManager.default.destinationOfSymbolicLink(
                    atPath: "/proc/\(pid)/fd/\(fd)"),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst(8).dropLast()))
        }
        return inodes
    }

    /// `root` and every descendant, from `/proc/PID/task/*/children`.
    static func processTree(_ root: pid_t) -> [pid_t] {
        var result: [pid_t] = []
        var pending = [root]
        while let next = pending.popLast() {
            result.append(next)
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(next)/task")) ?? []
            for task in tasks {
                let children =
                    (try? String(contentsOfFile: "/proc/\(next)/task/\(task)/children", encoding: .utf8))
                    ?? ""
                pending += children.split(separator: " ").compactMap { pid_t($0) }
            }
        }
        return result
    }

    /// Ports in LISTEN state on IPv4 sockets held by `pids` and not by this process.
    static func listeningPorts(of pids: [pid_t]) -> [Int] {
        var inodes = Set<String>()
        for pid in pids { inodes.formUnion(socketInodes(of: "\(pid)")) }
        // A socket this process holds too was inherited, not opened by the child.
        inodes.subtract(socketInodes(of: "self"))
        guard !inodes.isEmpty, let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        else { return [] }
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])),
                let portHex = fields[1].split(separator: ":").last
            else { return nil }
            return Int(portHex, radix: 16)
        }
    }
}
