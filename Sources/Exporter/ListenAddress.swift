/// A `HOST:PORT` to listen on, as given to `ethotop serve --metrics-listen`.
///
/// Accepts `127.0.0.1:9464`, `localhost:9464`, `[::1]:9464` and `:9464` (every interface, the
/// Prometheus exporters' convention). Port 0 asks the kernel for a free port (tests use it).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The default: loopback only, so metrics are not exposed unless asked for.
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 9_464)

    /// Host name or address literal (IPv6 without brackets).
    public var host: String
    /// TCP port, 0...65535.
    public var port: Int

    /// An address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; `nil` when malformed.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil  // an IPv6 literal must be bracketed
        }
        if host.isEmpty { host = "0.0.0.0" }
        guard !host.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
        self.init(host: host, port: port)
    }

    /// `HOST:PORT`, bracketing an IPv6 literal.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
