extension ChildProcess {
    /// The TCP port the process (or one of its descendants) listens on, once it does.
    ///
    /// Read from `/proc`: the socket inodes of the processes' file descriptors, looked up in
    /// `/proc/net/tcp` among sockets in the LISTEN state. Servers bound to port 0 print their port
    /// in no uniform way (nghttpd not at all); the kernel always knows.
    public func listeningPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if hasExited { throw Failure("\(pid) exited before listening: \(output)") }
            if let port = ProcFS.listeningPorts(of: ProcFS.processTree(pid)).first { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Failure("\(pid) did not listen within \(timeout): \(output)")
    }
}
