import Monitor

/// Where an agent's control API listens: a Unix socket (`unix:PATH`) or loopback/remote TCP
/// (`HOST:PORT`, `[::1]:PORT`).
///
/// `https://HOST:PORT` is recognised and refused with a clear message: this build has no TLS
/// client for the control API (swift-nio-ssl is not among its dependencies).
public enum AgentAddress: Sendable, Equatable, CustomStringConvertible {
    /// A Unix domain socket path.
    case unix(String)
    /// A TCP host and port.
    case tcp(host: String, port: Int)

    /// Why an address was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The message for the operator.
        public var description: String
    }

    /// Parses `unix:PATH`, `HOST:PORT` or `[IPv6]:PORT`.
    public init(parsing text: String) throws(ParseError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else {
                throw ParseError(
                    description: "unix: needs a socket path, e.g. unix:/run/ethotop/control.sock")
            }
            self = .unix(path)
            return
        }
        if text.hasPrefix("https://") {
            throw ParseError(
                description: "https:// is not supported by this build (no TLS client for the control API); "
                    + "attach over unix:PATH, or HOST:PORT through an SSH tunnel")
        }
        var rest = Substring(text)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":") else {
            throw ParseError(description: "expected unix:PATH or HOST:PORT, got '\(Self.shown(text))'")
        }
        var host = rest[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, let port = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(port)
        else {
            throw ParseError(description: "expected unix:PATH or HOST:PORT, got '\(Self.shown(text))'")
        }
        self = .tcp(host: String(host), port: port)
    }

    /// The default socket, as the agent chooses it: `$XDG_RUNTIME_DIR/ethotop/control.sock`, else
    /// `$XDG_STATE_HOME/ethotop/control.sock` (the state directory); `nil` without either.
    public static func defaultSocket(environment: [String: String]) -> AgentAddress? {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return .unix(runtime + "/ethotop/control.sock")
        }
        return StatePaths.stateDirectory(environment: environment).map { .unix($0 + "/control.sock") }
    }

    /// `unix:PATH` or `HOST:PORT` (`[::1]:PORT` for IPv6).
    public var description: String {
        switch self {
        case .unix(let path): "unix:" + path
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// Whether a bearer token goes with requests (TCP only: the Unix socket identifies the caller).
    public var isTCP: Bool {
        if case .tcp = self { return true }
        return false
    }

    private static func shown(_ text: String) -> String { TextSanitizer.sanitize(text, maxLength: 128) }
}
