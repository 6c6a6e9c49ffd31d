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
}
