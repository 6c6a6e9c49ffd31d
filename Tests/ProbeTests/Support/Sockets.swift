import Glibc

/// A port on 127.0.0.1 that nothing listens on: bound by the kernel's choice, then closed. Another
/// test could grab it in between, but only by listening on it, which the kernel will not reuse so soon.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw SocketError(call: "socket") }
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
    guard named == 0 else { throw SocketError(call: "bind/getsockname") }
    return Int(UInt16(bigEndian: address.sin_port))
}

struct SocketError: Error, CustomStringConvertible {
    var call: String
    var code: Int32 = errno
    var description: String { "\(call) failed: errno \(code)" }
}
