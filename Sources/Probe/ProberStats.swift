/// A point-in-time view of the prober's engine, published by its loop thread once per iteration.
///
/// Tests use it to prove that no easy handle leaks (`handlesLive == handlesPooled` when idle); the
/// Monitor may show it as engine health.
public struct ProberStats: Sendable, Equatable {
    /// libcurl easy handles that exist (in flight plus pooled).
    public var handlesLive: Int = 0
    /// Idle easy handles on the free list, ready for reuse.
    public var handlesPooled: Int = 0
    /// Transfers handed to libcurl and not yet finished.
    public var inFlight: Int = 0
    /// Requests waiting in the prober's admission queue.
    public var queued: Int = 0
    /// The pool's size: transfers that may run at once (``ProberConfiguration/maxConnections``).
    public var maxConnections: Int = 0
    /// Transfers that may run at once to one origin (the per-host share of the pool).
    public var maxConnectionsPerHost: Int = 0
    /// The origins holding their whole share of the pool with more requests waiting behind it,
    /// most waiting first (at most ``saturatedHostLimit``): the hosts that make other probes end
    /// as `pool_exhausted`.
    public var saturatedHosts: [SaturatedHost] = []
    /// Probes finished since start, in any way (result, error, cancellation).
    public var completed: Int = 0
    /// Sockets libcurl currently watches through epoll.
    public var socketsWatched: Int = 0
    /// Times the loop thread has woken up (from epoll) since start: flat while idle, so a busy-looping
    /// engine shows up here.
    public var loopIterations: Int = 0
    /// Whether the loop thread has stopped (after ``Prober/shutdown()``, or if it could not start).
    public var stopped: Bool = false

    /// Creates stats (all zero).
    public init() {}

    /// How many ``saturatedHosts`` are reported at most.
    public static let saturatedHostLimit = 5

    /// An origin at its per-host limit with requests queued behind it.
    public struct SaturatedHost: Sendable, Equatable {
        /// `scheme://host:port`, lowercased (never credentials: the pool key drops user info).
        public var origin: String
        /// Transfers to it running now (its whole share).
        public var inUse: Int
        /// Requests to it waiting for one of those to end.
        public var waiting: Int

        /// Creates a saturated host entry.
        public init(origin: String, inUse: Int, waiting: Int) {
            self.origin = origin
            self.inUse = inUse
            self.waiting = waiting
        }
    }
}
