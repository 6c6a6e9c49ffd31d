import Glibc

/// A listener that never accepts and whose accept queue is already full, so the kernel drops every
/// further SYN: a real, local cause for a connect that never completes (a connect timeout).
///
/// With `listen(fd, 0)` Linux queues one completed connection; the filler connections occupy it.
final class FullBacklogListener {
    let port: UInt16
    private let fd: Int32
    private var fillers: [Int32] = []

    init() throws {
        (fd, port) = try Sockets.listen(backlog: 0)
        // Fill the accept queue. Extra connects would block (SYN dropped), so use non-blocking ones.
        for _ in 0..<2 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var address = Sockets.loopback(port: port)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            fillers.append(filler)
        }
    }

    deinit {
        for filler in fillers { close(filler) }
        close(fd)
    }
}
