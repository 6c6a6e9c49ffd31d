import Foundation
public import Probe
import Resilience
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
    /// The config running now (the last one applied by a reload).
    public var config: MonitorConfig { table.withLock { $0.config } }

    let prober: Prober
    let ownsProber: Bool
    let clock: any ResilienceClock
    let timeBase: TimeBase
    let log: EventLog
    let table: Mutex<EngineTable>
    let published: Mutex<PublishedSnapshot>
    let lateness: LatencyTracker
    /// The scheduler's timer: the prober loop's alarm on a real clock, the clock's own timer on
    /// a ``ManualClock`` (see ``ResilienceClock/makeTimer(realTime:)``). The scheduler's code is
    /// the same under both.
    let schedulerTimer: any ResilienceTimer
    /// The snapshot publisher's timer, made the same way.
    let publisherTimer: any ResilienceTimer
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
        schedulerTimer = Self.makeTimer(clock: options.clock, prober: self.prober)
        publisherTimer = Self.makeTimer(clock: options.clock, prober: self.prober)
        table = Mutex(EngineTable(config: config))
        published = Mutex(
            PublishedSnapshot(
                snapshot: Snapshot(
                    source: options.source, generatedAt: timeBase.startDate, uptime: .zero,
                    scheduler: SchedulerSnapshot(), endpoints: [], rateLimits: []),
                at: timeBase.startInstant))
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
        // The scheduler picks its thread itself, and moves when a reload changes the rate (see
        // ``runScheduler()``).
        let schedulerTask = Task { await self.runScheduler() }
        let publisherTask = Task { await self.runPublisher() }
        tasks.withLock { $0 = [schedulerTask, publisherTask] }
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

    /// The most recent snapshot: the one published at the last refresh, or a fresh one when
    /// nobody has read for a while (see ``runPublisher()``), so it is never older than two
    /// refresh intervals.
    public func latest() -> Snapshot {
        let now = clock.now()
        let maxAge = refresh * 2
        let (snapshot, stale) = published.withLock { published in
            published.read = true
            return (published.snapshot, published.at.duration(to: now) > maxAge)
        }
        return stale ? publish() : snapshot
    }

    /// Events newer than `sequence`, oldest first.
    public func events(after sequence: UInt64) -> [Event] { log.events(after: sequence) }

    /// Publishes a snapshot now (e.g. at the end of `ethotop snapshot --duration`).
    @discardableResult
    public func publishNow() -> Snapshot {
        publish()
    }

    /// Records an informational or error event (used by the CLI, e.g. for a rejected reload).
    public func note(_ kind: Event.Kind, endpoint: String? = nil, message: String) {
        log.append(kind, endpoint: endpoint, message: message, at: options.wallClock())
    }
}

/// The latest snapshot, the instant it describes, and whether anyone has read it.
struct PublishedSnapshot: Sendable {
    var snapshot: Snapshot
    var at: Instant
    /// Set by every read; the publisher builds the next snapshot only when it is set.
    var read = true
}

/// Scheduler-wide counters.
struct SchedulerCounters: Sendable {
    var probesTotal = 0
    var rate = RateCounter()
}
