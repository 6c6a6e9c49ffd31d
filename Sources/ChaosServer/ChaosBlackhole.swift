import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback port where TCP connects never complete: the real cause behind a connect timeout.
///
/// Nothing on 127.0.0.1 can be "unreachable", but a listener whose accept queue is full makes the
/// kernel drop further SYNs, and the client sits in `SYN_SENT` until its own connect timeout fires.
/// The blackhole listens with a backlog of 0, never accepts, and fills the queue with one
/// connection of its own. Nothing runs in the background; `stop()` closes the sockets.
public final class ChaosBlackhole: Sendable {
    /// The port whose connects hang.
    public let port: Int
    private let sockets: Mutex<[Int32]>

    private init(port: Int, sockets: [Int32]) {
        self.port = port
        self.sockets = Mutex(sockets)
    }

    /// A blackhole on 127.0.0.1 with an OS-chosen port.
    public static func start() throws(ChaosBlackholeError) -> ChaosBlackhole {
        var open: [Int32] = []
        do throws(ChaosBlackholeError) {
            let listener = try makeSocket()
            open.append(listener)
            var address = loopback(port: 0)
            guard bind(listener, address: &address) == 0, listen(listener, 0) == 0 else {
                throw ChaosBlackholeError.system("bind/listen", errno)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
            }
            guard named == 0 else { throw ChaosBlackholeError.system("getsockname", errno) }
            let port = Int(UInt16(bigEndian: address.sin_port))
            open.append(try fillQueue(port: port))
            return ChaosBlackhole(port: port, sockets: open)
        } catch {
            for fd in open { _ = close(fd) }
            throw error
        }
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Closes the listener and the filler connection; pending client connects then fail with a refusal.
    public func stop() {
        let open = sockets.withLock { sockets in
            defer { sockets = [] }
            return sockets
        }
        for fd in open { _ = close(fd) }
    }

    deinit { stop() }

    /// Connects once and waits for the handshake, so the one-slot accept queue is full.
    private static func fillQueue(port: Int) throws(ChaosBlackholeError) -> Int32 {
        let fd = try makeSocket()
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            _ = close(fd)
            throw ChaosBlackholeError.system("connect", code)
        }
        return fd
    }

    private static func makeSocket() throws(ChaosBlackholeError) -> Int32 {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ChaosBlackholeError.system("socket", errno) }
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private static func bind(_ fd: Int32, address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                    Darwin.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
    }
}

/// Why ``ChaosBlackhole/start()`` failed.
public enum ChaosBlackholeError: Error, Equatable {
    /// A system call failed with `errno`.
    case system(String, Int32)
}
