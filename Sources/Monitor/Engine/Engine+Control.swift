import Foundation
import Resilience

extension Engine {
    /// Applies an operator command to its endpoints, records it as an event naming its author
    /// (`checkout reset by root (pid 4242)`), and persists the overrides it changes. Takes effect
    /// at once (well within one refresh).
    public func send(_ command: ControlCommand) {
        let targets = table.withLock { table -> [EndpointRuntime] in
            switch command.target {
            case .endpoint(let name): return table.indexByName[name].map { [table.runtimes[$0]] } ?? []
            case .group(let group): return table.runtimes.filter { $0.config.group == group }
            case .all: return table.runtimes
            }
        }
        let now = options.wallClock()
        guard !targets.isEmpty || command.target == .all else {
            log.append(.error, message: "no endpoint matches \(describe(command.target))", at: now)
            return
        }
        // `pausedAll` means every endpoint is paused (pause-all pauses each one, and endpoints a
        // reload adds while it holds start paused), so resuming any endpoint ends it; otherwise a
        // single `resume` after `pause all` would show the endpoint resumed yet never probe it.
        switch command.action {
        case .pause where command.target == .all: table.withLock { $0.pausedAll = true }
        case .resume: table.withLock { $0.pausedAll = false }
        default: break
        }
        for runtime in targets { apply(command.action, to: runtime) }
        persistOperatorState()
        // Publish before the event, so a reader that sees the event reads its effect too.
        publish()
        let author = command.author ?? ControlCommand.localUser
        log.append(
            .operatorAction(command.action),
            endpoint: { if case .endpoint(let name) = command.target { return name } else { return nil } }(),
            message: "\(describe(command.target)) \(Self.pastTense(command.action)) by \(author)", at: now,
            author: author)
    }

    /// `reset`, `forced open`, …: how an event says what was done (`checkout reset by root`).
    static func pastTense(_ action: ControlCommand.Action) -> String {
        switch action {
        case .reset: "reset"
        case .forceOpen: "forced open"
        case .disable: "disabled"
        case .release: "released"
        case .tryNow: "tried now"
        case .pause: "paused"
        case .resume: "resumed"
        }
    }

    private func apply(_ action: ControlCommand.Action, to runtime: EndpointRuntime) {
        switch action {
        case .reset: runtime.breaker.reset()
        case .forceOpen: runtime.breaker.forceOpen()
        case .disable: runtime.breaker.disable()
        case .release: runtime.breaker.release()
        case .tryNow:
            runtime.breaker.tryNow()
            probeNow(runtime)
        case .pause: runtime.setPaused(true)
        case .resume:
            runtime.setPaused(false)
            probeNow(runtime)
        }
    }

    /// Schedules `runtime`'s next probe for now (unless one is running) and wakes the scheduler.
    private func probeNow(_ runtime: EndpointRuntime) {
        let now = clock.now()
        table.withLock { table in
            guard let index = table.indexByName[runtime.name], !table.inFlight[index] else { return }
            table.schedule(index, at: now)
        }
        wake()
    }

    /// Writes the current operator overrides (holds and pauses) to the state file.
    func persistOperatorState() {
        let (runtimes, pausedAll) = table.withLock { ($0.runtimes, $0.pausedAll) }
        let now = options.wallClock()
        let state = operatorState.withLock { previous -> OperatorState in
            var endpoints: [String: EndpointOverride] = [:]
            for runtime in runtimes {
                let hold: EndpointOverride.Hold? =
                    switch runtime.breaker.state {
                    case .forcedOpen: .forcedOpen
                    case .disabled: .disabled
                    default: nil
                    }
                let override = EndpointOverride(
                    hold: hold, paused: runtime.isPaused,
                    since: previous.endpoints[runtime.name]?.since ?? now)
                if !override.isEmpty { endpoints[runtime.name] = override }
            }
            previous = OperatorState(pausedAll: pausedAll, endpoints: endpoints)
            return previous
        }
        guard let store = options.stateStore else { return }
        do {
            try store.save(state)
        } catch {
            log.append(.error, message: "could not save operator state: \(error)", at: now)
        }
    }

    private func describe(_ target: ControlCommand.Target) -> String {
        switch target {
        case .endpoint(let name): return name
        case .group(let group): return "group \(group)"
        case .all: return "all endpoints"
        }
    }
}
