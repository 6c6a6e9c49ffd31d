public import Exporter
import Monitor

/// Where the agent's control API listens: a Unix socket (the default) or a TCP address.
///
/// Written `unix:/run/ethotop/control.sock` or `HOST:PORT` (`127.0.0.1:9465`, `[::1]:9465`),
/// as on the command line and in `/v1/agent`'s `listen` list.
public enum ControlAddress: Sendable, Equatable, CustomStringConvertible {
    /// A Unix domain socket at this absolute path.
    case unix(String)
    /// A TCP address.
    case tcp(ListenAddress)

    /// The socket's file name inside the agent's directory.
    public static let socketName = "control.sock"

    /// Parses `unix:PATH` (absolute) or `HOST:PORT`; `nil` when malformed.
    public init?(parsing text: String) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            // sun_path holds 108 bytes with the terminating NUL.
            guard path.hasPrefix("/"), path.utf8.count < 108, !path.contains("\0"), !path.hasSuffix("/")
            else {
                return nil
            }
            self = .unix(path)
        } else if let address = ListenAddress(parsing: text) {
            self = .tcp(address)
        } else {
            return nil
        }
    }

    /// The default: `$XDG_RUNTIME_DIR/ethotop/control.sock`, else the state directory's
    /// `control.sock` (`$XDG_STATE_HOME/ethotop`); `nil` without either.
    public static func defaultAddress(environment: [String: String]) -> ControlAddress? {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            let base = runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime
            return ControlAddress(parsing: "unix:\(base)/ethotop/\(socketName)")
        }
        guard let state = StatePaths.stateDirectory(environment: environment) else { return nil }
        return ControlAddress(parsing: "unix:\(state)/\(socketName)")
    }

    /// `unix:PATH` or `HOST:PORT`.
    public var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .tcp(let address): address.description
        }
    }

    /// Whether this is TCP on a loopback address (allowed without a token).
    public var isLoopbackTCP: Bool {
        guard case .tcp(let address) = self else { return false }
        return address.host == "localhost" || address.host == "::1" || address.host.hasPrefix("127.")
    }
}
