import Foundation
import Resilience

extension Engine {
    /// Builds the endpoint table for `config`, reusing the runtimes in `keeping` (by name) so
    /// their breakers, counters and history survive a reload.
    func install(_ config: MonitorConfig, keeping: [String: EndpointRuntime], removed: [String]) {
        let now = clock.now()
        let state = operatorState.withLock { $0 }
        let previousLimiters = table.withLock { $0.limiters }
        var limiters: [String: NamedRateLimiter] = [:]
        for spec in config.orderedRateLimits {
            if let existing = previousLimiters[spec.name], existing.spec == spec {
                limiters[spec.name] = existing
            } else if let configuration = try? spec.rateLimiterConfiguration() {
                limiters[spec.name] = NamedRateLimiter(
                    name: spec.name, spec: spec,
                    limiter: RateLimiter(configuration: configuration, clock: clock))
            }
        }
        var runtimes: [EndpointRuntime] = []
        for endpoint in config.endpoints {
            if let kept = keeping[endpoint.name] {
                runtimes.append(kept)
                continue
            }
            let runtime = EndpointRuntime(
                config: endpoint, limiter: endpoint.rateLimit.flatMap { limiters[$0] }, clock: clock,
                timeBase: timeBase
            ) { [weak self] config, transition in
                self?.transitioned(config, transition)
            }
            apply(state[endpoint.name], to: runtime)
            if state.pausedAll { runtime.setPaused(true) }
            runtimes.append(runtime)
        }
        table.withLock { table in
            // A kept endpoint whose probe is running stays in flight: finished() schedules it.
            let running = Set(
                table.runtimes.indices.filter { table.inFlight[$0] }.map { table.runtimes[$0].name })
            table.config = config
            table.limiters = limiters
            table.runtimes = runtimes
            table.indexByName = Dictionary(
                runtimes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
            table.pausedAll = state.pausedAll
            table.plannedRate = EngineTable.plannedRate(of: config)
            table.queue = ScheduleQueue()
            table.generations = Array(repeating: 0, count: runtimes.count)
            table.inFlight = runtimes.map { keeping[$0.name] != nil && running.contains($0.name) }
            // Spread first probes over each endpoint's interval: no thundering herd at start.
            table.schedules = runtimes.enumerated().map { index, runtime in
                EndpointSchedule(
                    interval: runtime.config.interval, start: now, spreadIndex: index,
                    spreadCount: runtimes.count)
            }
            for index in runtimes.indices where !table.inFlight[index] { table.scheduleCurrentSlot(index) }
        }
        if !removed.isEmpty {
            operatorState.withLock { $0 = $0.keeping(config.endpoints.map(\.name)) }
        }
        wake()
    }

    /// Re-applies a persisted override to a fresh runtime.
    private func apply(_ override: EndpointOverride, to runtime: EndpointRuntime) {
        switch override.hold {
        case .forcedOpen?: runtime.breaker.forceOpen()
        case .disabled?: runtime.breaker.disable()
        case nil: break
        }
        if override.paused { runtime.setPaused(true) }
    }

    /// A breaker changed state: an event, and the endpoint's trial probe if it just opened.
    func transitioned(_ config: EndpointConfig, _ transition: BreakerTransition) {
        log.append(
            .transition(from: transition.from, to: transition.to), endpoint: config.name,
            message: "\(transition.reason)",
            at: timeBase.date(transition.at))
    }

    /// Applies a new config from a reload (SIGHUP, or `POST /v1/reload` of the agent):
    /// unchanged endpoints keep their state. Returns what changed.
    ///
    /// - Parameter author: who asked for it, recorded in the event (`nil`: a signal).
    @discardableResult
    public func reload(_ config: MonitorConfig, author: String? = nil) -> ConfigDiff {
        let old = table.withLock { $0.config }
        let diff = ConfigDiff(old: old, new: config)
        let current = table.withLock { table in
            Dictionary(table.runtimes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let keep = Set(diff.unchanged)
        // ConfigDiff marks endpoints whose rate limit changed as changed, so kept runtimes' shared
        // limiters are reused as they are.
        let keeping = current.filter { keep.contains($0.key) }
        install(config, keeping: keeping, removed: diff.removed)
        persistOperatorState()
        // Publish before the event: a reader that sees the reload event (`watch`, the dashboard)
        // then reads a snapshot of the new config, not one from before it.
        publish()
        let by = author.map { " by \($0)" } ?? ""
        log.append(
            .reload(accepted: true), message: "config reloaded\(by): \(diff)", at: options.wallClock(),
            author: author)
        return diff
    }

    /// Records a reload that was rejected; the old config keeps running.
    ///
    /// The reload event itself names the first problem (`FILE:LINE:COL: message`), so a reader
    /// that follows only reload events (docs/JSON.md) still learns where to look; every problem
    /// (at most 20) follows as an error event.
    public func reloadRejected(_ errors: [String], author: String? = nil) {
        let now = options.wallClock()
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        let first = errors.first.map { ": " + $0 } ?? ""
        let by = author.map { " by \($0)" } ?? ""
        log.append(
            .reload(accepted: false),
            message: "reload\(by) rejected (\(count); the old config keeps running)\(first)", at: now,
            author: author)
        for error in errors.prefix(20) { log.append(.error, message: error, at: now) }
    }
}
