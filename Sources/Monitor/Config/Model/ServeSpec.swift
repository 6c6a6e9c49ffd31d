/// The `serve:` section: bounds of `ethotop serve`'s HTTP listener.
///
/// Read once at start (a reload does not rebind the listener). A command-line flag wins over the
/// key; an unset key takes the listener's default. The connection cap is further lowered to fit
/// the descriptors left after the prober's share.
public struct ServeSpec: Sendable, Hashable {
    /// `max_connections`: connections held at once; nil for the default.
    public var maxConnections: Int?
    /// `idle_timeout`: a connection without traffic for this long is closed; nil for the default.
    public var idleTimeout: Duration?

    /// A spec; every key unset by default.
    public init(maxConnections: Int? = nil, idleTimeout: Duration? = nil) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }
}
