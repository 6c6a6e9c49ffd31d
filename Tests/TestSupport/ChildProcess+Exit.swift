#if canImport(Glibc)
    import Glibc
#endif

extension ChildProcess {
    /// Whether the process has exited (reaping it if so).
    public var hasExited: Bool {
        if rawStatus != nil { return true }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return false }
        rawStatus = raw
        return true
    }

    /// The exit status once exited: the code for a normal exit, 128 + n for death by signal n.
    public var exitStatus: Int32? {
        guard hasExited, let rawStatus else { return nil }
        return Self.exitCode(rawStatus)
    }

    /// Waits for the process to exit, blocking; returns its exit code (128 + n for death by
    /// signal n). For a process already killed or exited: it returns at once.
    @discardableResult
    public func wait() -> Int32 {
        if rawStatus == nil {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
            rawStatus = raw
        }
        return Self.exitCode(rawStatus ?? 0)
    }

    /// Waits for the process to exit, polling every millisecond instead of blocking a thread;
    /// returns its exit code (128 + n for death by signal n).
    ///
    /// The test process runs every suite on Swift's cooperative pool, one thread per core, and a
    /// test parked in `waitpid` would stall every other test's servers and deadlines meanwhile.
    @discardableResult
    public func waitForExit() async -> Int32 {
        while !hasExited { try? await Task.sleep(for: .milliseconds(1)) }
        return wait()
    }

    /// Sends `signal` to the process (to its process group when it has its own), unless it has
    /// exited.
    public func send(signal: Int32) {
        guard !hasExited else { return }
        kill(ownsProcessGroup ? -pid : pid, signal)
    }

    /// Kills the process (SIGKILL, to its group when it has its own) and reaps it. Idempotent.
    public func stop() {
        guard !hasExited else { return }
        send(signal: SIGKILL)
        wait()
    }

    /// Sends SIGTERM and waits for the process to exit, blocking; returns its exit code.
    @discardableResult
    public func terminate() -> Int32 {
        send(signal: SIGTERM)
        return wait()
    }

    /// Sends SIGTERM and waits up to `grace` for the process to exit, then SIGKILLs it. Returns
    /// the exit status. Polls with a deadline, never a fixed sleep, and blocks no thread unless
    /// it has to reap a SIGKILLed process.
    @discardableResult
    public func stop(grace: Duration) async -> Int32? {
        send(signal: SIGTERM)
        let deadline = ContinuousClock.now + grace
        while !hasExited, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        stop()
        return exitStatus
    }

    /// The exit code in a `waitpid` status: the code for a normal exit, 128 + n for signal n.
    static func exitCode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }
}
