#if canImport(Glibc)
    import Glibc
#endif

extension ChildProcess {
    /// Reads standard output (``Output/pipeStandardOutput`` or ``Output/pipes``) until a line
    /// satisfies `match`; answers that line, or nil at EOF or without a pipe.
    public func readLine(where match: (Substring) -> Bool) -> Substring? {
        guard let fd = readEnds[0] else { return nil }
        var seen = ""
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { return nil }
            seen += String(decoding: buffer[0..<count], as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: match) { return line }
        }
    }

    /// Reads standard output and standard error (``Output/pipes``) to EOF, without letting
    /// either fill up and block the child, then closes them; answers what each held.
    public func readToEnd() -> (output: String, errors: String) {
        var buffers: [[UInt8]] = [[], []]
        var fds = readEnds.map { pollfd(fd: $0 ?? -1, events: Int16(POLLIN), revents: 0) }
        var open = fds.filter { $0.fd >= 0 }.count
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
        for case let fd? in readEnds { close(fd) }
        readEnds = [nil, nil]
        return (String(decoding: buffers[0], as: UTF8.self), String(decoding: buffers[1], as: UTF8.self))
    }
}
