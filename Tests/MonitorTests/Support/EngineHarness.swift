import ChaosServer
import Foundation
import Resilience
import Testing

@testable import Monitor

/// A real ``Engine`` probing a real ``ChaosServer`` on 127.0.0.1: the fixture of the engine's
/// end-to-end tests.
///
/// The config is ordinary YAML (so the tests go through the same loader users do), built by a
/// closure that gets the running server to point its URLs at. Snapshots are taken with
/// `publishNow()`, so a test never waits for the refresh tick to see what the engine knows.
struct EngineHarness: Sendable {
    let server: ChaosServer
    let engine: Engine

    /// Starts a server and an engine for the config `yaml(server)` and runs `body` with them;
    /// both are stopped afterwards, also when `body` throws.
    static func run(
        seed: UInt64 = 1, stateStore: OperatorStateStore? = nil,
        environment: [String: String] = [:], clock: any ResilienceClock = SystemClock.shared,
        refresh: Duration = .milliseconds(50),
        _ yaml: (ChaosServer) -> String,
        _ body: (EngineHarness) async throws -> Void
    ) async throws {
        let server = try await ChaosServer.start(seed: seed)
        let harness: EngineHarness
        do {
            harness = EngineHarness(
                server: server,
                engine: try makeEngine(
                    yaml(server), stateStore: stateStore, environment: environment, clock: clock,
                    refresh: refresh))
        } catch {
            try await server.stop()
            throw error
        }
        harness.engine.start()
        do {
            try await body(harness)
        } catch {
            await harness.engine.stop()
            try await server.stop()
            throw error
        }
        await harness.engine.stop()
        try await server.stop()
    }

    /// An engine (not started) for the config `yaml` on `clock`, publishing every `refresh`.
    static func makeEngine(
        _ yaml: String, stateStore: OperatorStateStore? = nil, environment: [String: String] = [:],
        clock: any ResilienceClock = SystemClock.shared, refresh: Duration = .milliseconds(50)
    ) throws -> Engine {
        let config = try ConfigLoader(environment: environment).parse(yaml: yaml, sourcePath: "e2e.yaml")
        return Engine(
            config: config,
            options: EngineOptions(source: "e2e.yaml", clock: clock, stateStore: stateStore, refresh: refresh)
        )
    }

    /// A fresh snapshot of everything now.
    func snapshot() -> Snapshot { engine.publishNow() }

    /// The endpoint `name` in a fresh snapshot.
    func endpoint(_ name: String) -> EndpointSnapshot? {
        snapshot().endpoints.first { $0.name == name }
    }

    /// The breaker state of `name` now (`nil` if there is no such endpoint).
    func state(_ name: String) -> BreakerState? { endpoint(name)?.breaker.state }

    /// Every event the engine still holds, oldest first.
    func events() -> [Event] { engine.events(after: 0) }

    /// The breaker transitions of `name`, oldest first, with the event's message (the reason).
    func transitions(of name: String) -> [(from: BreakerState, to: BreakerState, reason: String)] {
        events().compactMap { event in
            guard event.endpoint == name, case .transition(let from, let to) = event.kind else { return nil }
            return (from, to, event.message)
        }
    }

    /// The operator actions recorded so far, oldest first.
    func operatorEvents() -> [Event] {
        events().filter {
            if case .operatorAction = $0.kind { return true }
            return false
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
///
/// A deadline, never a fixed sleep: the test takes as long as the machine needs and fails only
/// if the condition never comes true. The default is generous because the tests share two cores
/// with parallel builds; a passing run is usually a few hundred milliseconds.
func eventually(
    timeout: Duration = .seconds(30), _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// `true` when `sequence` appears in `array` in order (not necessarily adjacent).
func containsInOrder<T: Equatable>(_ array: [T], _ sequence: [T]) -> Bool {
    var remaining = sequence[...]
    for element in array where element == remaining.first {
        remaining = remaining.dropFirst()
        if remaining.isEmpty { return true }
    }
    return remaining.isEmpty
}
