/// Who is at the other end of a control connection, as far as the agent can tell.
///
/// Over the Unix socket the kernel says (`SO_PEERCRED`: uid and pid, the uid resolved to a user
/// name); over TCP only the remote address is known until a bearer token names the caller.
public enum AgentPeer: Sendable, Equatable {
    /// A Unix socket peer; `nil` fields when the kernel could not say.
    case unix(user: String?, uid: UInt32?, pid: Int32?)
    /// A TCP peer at `remote` (`HOST:PORT`).
    case tcp(remote: String)

    /// How events name this peer when it acts: `root (pid 4242)`, or for TCP, the token's name
    /// (`token ci`), else the address (`tcp 127.0.0.1:51234`, loopback without tokens).
    public func author(token: String?) -> String {
        switch self {
        case .unix(let user, let uid, let pid):
            let who = user ?? uid.map { "uid \($0)" } ?? "unknown user"
            return pid.map { "\(who) (pid \($0))" } ?? who
        case .tcp(let remote):
            return token.map { "token \($0)" } ?? "tcp \(remote)"
        }
    }

    /// Whether the peer came over TCP (so a token is checked when the agent has any).
    public var isTCP: Bool {
        if case .tcp = self { return true }
        return false
    }
}
