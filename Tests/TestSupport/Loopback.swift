#if canImport(Glibc)
    import Glibc
#endif

/// Loopback addresses for tests.
public enum Loopback {
    /// Why a socket call failed.
    public struct Failure: Error, CustomStringConvertible {
        /// The call and errno.
        public var description: String
    }

    /// A TCP port on 127.0.0.1 that nothing listens on: bound by the kernel's choice, read back,
    /// then closed. A connect to it is refused, and a server that cannot bind port 0 can listen
    /// on it. (Another process could take it in between, but only by listening on it, and the
    /// kernel hands out ephemeral ports round-robin, so not soon; servers retry on failure.)
    public static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        guard named == 0 else { throw Failure(description: "bind/getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
