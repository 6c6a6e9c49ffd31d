public import Foundation
public import Resilience

/// How an ``Engine`` runs: its clocks, where operator overrides persist, what it is called.
public struct EngineOptions: Sendable {
    /// The name shown in the header: the config file's name, or `"demo"`.
    public var source: String
    /// Drives every schedule, timeout and breaker decision.
    public var clock: any ResilienceClock
    /// Labels events and snapshots with wall-clock time.
    public var wallClock: @Sendable () -> Date
    /// Where operator overrides persist (`nil`: not persisted, e.g. in tests).
    public var stateStore: OperatorStateStore?
    /// Overrides the config's `refresh`.
    public var refresh: Duration?

    /// Creates options.
    public init(
        source: String, clock: any ResilienceClock = SystemClock.shared,
        wallClock: @escaping @Sendable () -> Date = { Date() }, stateStore: OperatorStateStore? = nil,
        refresh: Duration? = nil
    ) {
        self.source = source
        self.clock = clock
        self.wallClock = wallClock
        self.stateStore = stateStore
        self.refresh = refresh
    }
}
