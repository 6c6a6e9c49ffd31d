#if canImport(Glibc)
    import Glibc
#endif

/// How many file descriptors the process may use, and how many of them its listeners may take.
///
/// The prober and the listeners share one descriptor table: a listener that accepts connections
/// up to `RLIMIT_NOFILE` leaves the prober none, and probes of healthy services fail. So the
/// prober's share is reserved first — one socket per transfer plus, while a name resolves,
/// libcurl's resolver socket pair, for each of `http.max_connections` transfers — and a fixed
/// reserve for the process itself (standard streams, the log and state files, epoll, event and
/// timer descriptors of the loops); listeners share what is left.
public struct DescriptorBudget: Sendable, Equatable {
    /// Descriptors the process needs apart from transfers and listeners.
    public static let processReserve = 48

    /// The soft `RLIMIT_NOFILE`: descriptors the process may hold.
    public var limit: Int
    /// The prober's `http.max_connections`.
    public var proberConnections: Int

    /// A budget for a process allowed `limit` descriptors running `proberConnections` transfers.
    public init(limit: Int, proberConnections: Int) {
        self.limit = limit
        self.proberConnections = proberConnections
    }

    /// Descriptors kept for the prober and the process.
    public var reserved: Int { 3 * proberConnections + Self.processReserve }

    /// The most connections each of `listeners` listeners may hold without eating into the
    /// reserve; at least 1, so a listener still answers (one connection at a time) when the limit
    /// is too low for everything: a condition ``isShort`` reports.
    public func listenerCap(listeners: Int = 1) -> Int {
        max(1, (limit - reserved) / max(1, listeners))
    }

    /// Whether the limit cannot hold the reserve plus one connection per listener.
    public func isShort(listeners: Int = 1) -> Bool { limit - reserved < max(1, listeners) }

    /// The soft `RLIMIT_NOFILE` now (`Int.max` when unlimited or unreadable).
    public static func currentLimit() -> Int {
        var limits = rlimit()
        guard getrlimit(resource, &limits) == 0 else { return Int.max }
        return Int(clamping: limits.rlim_cur)  // RLIM_INFINITY is the largest value: Int.max
    }

    /// Raises the soft `RLIMIT_NOFILE` to the hard limit, once at start-up; returns the soft
    /// limit in force afterwards. Linux's default soft limit (1,024) is far below what a host
    /// allows (the hard limit), and `select(2)`, the reason for the low default, is not used.
    @discardableResult
    public static func raiseSoftLimit() -> Int {
        var limits = rlimit()
        guard getrlimit(resource, &limits) == 0 else { return Int.max }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            _ = setrlimit(resource, &raised)
        }
        return currentLimit()
    }

    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
}
