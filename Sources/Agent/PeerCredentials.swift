import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Who is on the other end of a Unix socket: the kernel's `SO_PEERCRED` (uid, pid), the uid
/// resolved to a user name.
enum PeerCredentials {
    /// The peer of `channel`, a connected Unix socket; fields are `nil` when unknown. Call on the
    /// channel's event loop (the option is then read at once).
    static func peer(of channel: any Channel) -> EventLoopFuture<AgentPeer> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(.unix(user: nil, uid: nil, pid: nil))
        }
        let credentials: EventLoopFuture<Credentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.map { credentials in
            .unix(user: userName(of: credentials.uid), uid: credentials.uid, pid: credentials.pid)
        }.recover { _ in .unix(user: nil, uid: nil, pid: nil) }
    }

    /// `struct ucred` (`<sys/socket.h>`, hidden behind `_GNU_SOURCE` from Swift): same layout.
    struct Credentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// The name of user `uid` from the password database (`getpwuid_r`), or `nil`.
    static func userName(of uid: uid_t) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }
}
