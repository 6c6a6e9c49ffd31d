public import Foundation
public import Probe
public import Resilience
import Synchronization

/// The monitoring engine: schedules every endpoint's probes through its resilience pipeline,
/// applies operator commands, and publishes ``Snapshot`` values and ``Event``s.
///
/// The engine never waits for its readers: ``latest()`` returns the last snapshot published at
/// the refresh rate, ``events(after:)`` reads the bounded event ring, ``send(_:)`` queues a command.
public final class Engine: SnapshotSource, Sendable {
    /// The options it was started with.
    public let options: EngineOptions
    /// Snapshot interval (the config's `refresh`, or the override).
    public var refresh: Duration { table.withLock { options.refresh ?? $0.config.refresh } }

    let prober: Prober
    let ownsProber: Bool
    let clock: any ResilienceClock
    let timeBase: TimeBase
    let log: EventLog
    let table: Mutex<EngineTable>
    let published: Mutex<Snapshot>
    let lateness: LatencyTracker
    let watchdog: AttemptWatchdog
    let scheduler = Mutex(SchedulerCounters())
    let tasks = Mutex<[Task<Void, Never>]>([])
    let operatorState: Mutex<OperatorState>

    /// Builds an engine for `config`; call ``start()`` to begin probing.
    ///
    /// - Parameter prober: share one across engines (tests); by default the engine makes its own
    ///   with the pool settings of `defaults.http`, and shuts it down on ``stop()``.
    public init(config: MonitorConfig, options: EngineOptions, prober: Prober? = nil) {
        self.options = options
        clock = options.clock
        timeBase = TimeBase(startInstant: options.clock.now(), startDate: options.wallClock())
        self.prober = prober ?? Prober(configuration: config.defaults.http.proberConfiguration)
        ownsProber = prober == nil
        log = EventLog(capacity: config.eventLogSize)
        lateness = LatencyTracker(clock: options.clock)
        watchdog = AttemptWatchdog(clock: options.clock)
        table = Mutex(EngineTable(config: config))
        published = Mutex(
            Snapshot(
                source: options.source, generatedAt: timeBase.startDate, uptime: .zero,
                scheduler: SchedulerSnapshot(), endpoints: [], rateLimits: []))
        let loaded = options.stateStore?.load(now: options.wallClock())
        operatorState = Mutex(loaded?.state ?? .empty)
        if let warning = loaded?.warning { log.append(.error, message: warning, at: timeBase.startDate) }
        for warning in config.warnings {
            log.append(.info, message: "config: \(warning)", at: timeBase.startDate)
        }
        install(config, keeping: [:], removed: [])
    }

    /// Starts the scheduler and the snapshot publisher.
    public func start() {
        log.append(
            .info,
            message: "started: \(table.withLock { $0.runtimes.count }) endpoints from \(options.source)",
            at: options.wallClock())
        publish()
        let schedulerTask = Task { await self.runScheduler() }
        let publisherTask = Task { await self.runPublisher() }
        let watchdogTask = Task { await self.watchdog.run() }
        tasks.withLock { $0 = [schedulerTask, publisherTask, watchdogTask] }
    }

    /// Stops probing, waits for in-flight probes to be cancelled, and publishes a last snapshot.
    public func stop() async {
        let running = tasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
        publish()
        if ownsProber { prober.shutdown() }
    }

    /// The most recent snapshot.
    public func latest() -> Snapshot { published.withLock { $0 } }

    /// Events newer than `sequence`, oldest first.
    public func events(after sequence: UInt64) -> [Event] { log.events(after: sequence) }

    /// Publishes a snapshot now (e.g. at the end of `ethotop snapshot --duration`).
    @discardableResult
    public func publishNow() -> Snapshot {
        publish()
        return latest()
    }

    /// Records an informational or error event (used by the CLI, e.g. for a rejected reload).
    public func note(_ kind: Event.Kind, endpoint: String? = nil, message: String) {
        log.append(kind, endpoint: endpoint, message: message, at: options.wallClock())
    }
}

/// Scheduler-wide counters.
struct SchedulerCounters: Sendable {
    var probesTotal = 0
    var rate = RateCounter()
}
