import Glibc

/// A failed system call, with its errno.
struct SocketError: Error, CustomStringConvertible {
    var call: String
    var code: Int32 = errno
    var description: String { "\(call) failed: errno \(code)" }
}
