import ArgumentParser
import Exporter
import Foundation
import Monitor
import Resilience
import Synchronization
import Testing

@testable import ethotop

@Suite struct SnapshotRunnerTests {
    private func runner(_ engine: FakeEngine, format: SnapshotFormat = .json, failOnOpen: Bool = false)
        -> (SnapshotRunner, CollectingSink, CollectingSink)
    {
        let output = CollectingSink()
        let errors = CollectingSink()
        let runner = SnapshotRunner(
            factory: FakeFactory(engine: engine), request: Fixture.request(), duration: .seconds(60),
            format: format,
            failOnOpen: failOnOpen, output: output, errors: errors, sleep: { _ in })
        return (runner, output, errors)
    }

    @Test func printsTheJSONSnapshotAndStopsTheEngine() async throws {
        let engine = FakeEngine(Fixture.snapshot(states: [.closed, .open]))
        let (runner, output, errors) = runner(engine)
        try await runner.run()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(engine.stopped)
        #expect(errors.text.isEmpty)
    }

    @Test func theStreamedJSONIsTheWholeDocument() async throws {
        let snapshot = Fixture.snapshot(states: [.closed, .open, .halfOpen])
        let (runner, output, _) = runner(FakeEngine(snapshot))
        try await runner.run()
        let whole = try SnapshotJSONEncoder(pretty: true).string(snapshot) + "\n"
        #expect(output.text == whole)
    }

    @Test func aClosedPipeWhileStreamingExitsOne() async throws {
        let output = CollectingSink(acceptWrites: 0)
        let runner = SnapshotRunner(
            factory: FakeFactory(engine: FakeEngine(Fixture.snapshot(states: [.closed]))),
            request: Fixture.request(), duration: .zero, format: .json, failOnOpen: false, output: output,
            errors: CollectingSink(), sleep: { _ in })
        await #expect(throws: ExitCode(1)) { try await runner.run() }
    }

    @Test func failOnOpenExitsThreeAndNamesTheBreakers() async throws {
        let engine = FakeEngine(Fixture.snapshot(states: [.closed, .halfOpen, .forcedOpen, .disabled]))
        let (runner, output, errors) = runner(engine, format: .table, failOnOpen: true)
        await #expect(throws: ExitCode(3)) { try await runner.run() }
        #expect(output.text.contains("ENDPOINT"))
        #expect(errors.text == "ethotop: 2 breakers open: e1, e2\n")
    }

    @Test func failOnOpenPassesWhenNothingIsOpen() async throws {
        let (runner, _, errors) = runner(
            FakeEngine(Fixture.snapshot(states: [.closed, .disabled])), failOnOpen: true)
        try await runner.run()
        #expect(errors.text.isEmpty)
    }

    @Test func openBreakerWithoutTheFlagExitsZero() async throws {
        let (runner, _, _) = runner(FakeEngine(Fixture.snapshot(states: [.open])))
        try await runner.run()
    }
}

@Suite struct FailureMappingTests {
    @Test func configProblemsExitTwoWithEveryMessage() async throws {
        let errors = CollectingSink()
        let problems = ConfigProblems(messages: [
            "c.yaml:3:5: unknown key 'intervall' (did you mean 'interval'?)",
            "c.yaml:9:1: duplicate endpoint 'api'\u{1B}[2J",
        ])
        let check = CheckRunner(
            factory: FakeFactory(failure: problems), request: Fixture.request(), output: CollectingSink(),
            errors: errors)
        #expect(throws: ExitCode(2)) { try check.run() }
        #expect(
            errors.lines == [
                "c.yaml:3:5: unknown key 'intervall' (did you mean 'interval'?)",
                "c.yaml:9:1: duplicate endpoint 'api'",
            ])

        let snapshot = SnapshotRunner(
            factory: FakeFactory(failure: problems), request: Fixture.request(), duration: .zero,
            format: .json,
            failOnOpen: false, output: CollectingSink(), errors: CollectingSink(), sleep: { _ in })
        await #expect(throws: ExitCode(2)) { try await snapshot.run() }
    }

    @Test func missingConfigExitsTwoAndSaysWhereItLooked() async throws {
        let errors = CollectingSink()
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("ethotop-none-\(UUID())")
            .path
        let factory = LiveEngineFactory(environment: ["XDG_CONFIG_HOME": empty, "HOME": empty])
        let runner = SnapshotRunner(
            factory: factory,
            request: EngineRequest(configPath: nil, mode: .config, logger: Fixture.request().logger),
            duration: .zero, format: .json,
            failOnOpen: false, output: CollectingSink(), errors: errors, sleep: { _ in })
        await #expect(throws: ExitCode(2)) { try await runner.run() }
        #expect(errors.text.contains("no config found"))
        #expect(errors.text.contains(empty))
    }

    @Test func checkPrintsTheSummary() throws {
        let output = CollectingSink()
        try CheckRunner(
            factory: FakeFactory(summary: ["3 endpoints", "1 rate limit"]), request: Fixture.request(),
            output: output,
            errors: CollectingSink()
        ).run()
        #expect(output.lines == ["3 endpoints", "1 rate limit"])
    }

    @Test func dashboardFailureStopsTheEngineAndExitsOne() async throws {
        let engine = FakeEngine(Fixture.snapshot(states: [.closed]))
        let errors = CollectingSink()
        let runner = DashboardRunner(
            factory: FakeFactory(engine: engine), dashboard: FailingDashboard(),
            request: Fixture.request(.configOrDemo),
            options: DashboardOptions(theme: nil, refresh: nil, noColor: false, ascii: false), errors: errors)
        await #expect(throws: ExitCode(1)) { try await runner.run() }
        #expect(engine.stopped)
        #expect(errors.text.contains("dashboard"))
    }

    @Test(arguments: [nil, Duration.milliseconds(100)])
    func dashboardRefreshDefaultsToTheConfigs(_ flag: Duration?) async throws {
        let engine = FakeEngine(Fixture.snapshot(states: [.closed]), refresh: .milliseconds(500))
        let dashboard = RecordingDashboard()
        try await DashboardRunner(
            factory: FakeFactory(engine: engine), dashboard: dashboard,
            request: Fixture.request(.configOrDemo),
            options: DashboardOptions(theme: nil, refresh: flag, noColor: false, ascii: false)
        ).run()
        #expect(dashboard.options?.refresh == (flag ?? .milliseconds(500)))
    }
}

@Suite struct WatchRunnerTests {
    @Test func streamsEventsThenSnapshotsAndPicksUpNewEvents() async throws {
        let engine = FakeEngine(Fixture.snapshot(states: [.closed]))
        engine.log.append(.info, message: "started")
        engine.log.append(.transition(from: .closed, to: .open), endpoint: "e0", message: "tripped")
        let output = CollectingSink()
        let runner = WatchRunner(engine: engine, interval: .milliseconds(5), output: output)
        let task = Task { await runner.stream() }
        try await poll { output.lines.count >= 3 }
        engine.log.append(.operatorAction(.reset), endpoint: "e0", message: "reset by operator")
        try await poll { output.text.contains("reset by operator") }
        task.cancel()
        await task.value

        let objects = try output.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let events = objects.filter { $0["type"] as? String == "event" }
        #expect(events.map { $0["seq"] as? Int } == [1, 2, 3])
        #expect(objects[0]["type"] as? String == "event")
        #expect(objects[2]["type"] as? String == "snapshot")
        #expect(
            objects.filter { $0["type"] as? String == "snapshot" }.allSatisfy { $0["version"] as? Int == 1 })
    }

    @Test func stopsWhenTheReaderGoesAway() async {
        let output = CollectingSink(acceptWrites: 3)
        await WatchRunner(
            engine: FakeEngine(Fixture.snapshot(states: [.closed])), interval: .milliseconds(1),
            output: output
        ).stream()
        #expect(output.lines.count == 3)
    }

    /// Polls `condition` every few milliseconds for up to 10 s.
    private func poll(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 10 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

@Suite struct ServeRunnerTests {
    @Test func servesTheEngineUntilToldToStopThenStopsBoth() async throws {
        let engine = FakeEngine(Fixture.snapshot(states: [.open]))
        let errors = CollectingSink()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let runner = ServeRunner(
            factory: FakeFactory(engine: engine), request: Fixture.request(),
            address: ListenAddress(host: "127.0.0.1", port: 0),
            control: ControlOptions(addresses: [.unix(directory.path + "/agent/control.sock")]),
            errors: errors)
        let answered = Mutex<String>("")
        try await runner.run { running in
            let body = (try? HTTPGet.fetch(port: running.metrics.boundAddress.port, path: "/metrics")) ?? ""
            answered.withLock { $0 = body }
            #expect(running.agent.boundAddresses == [.unix(directory.path + "/agent/control.sock")])
        }
        #expect(
            answered.withLock { $0 }.contains(
                #"ethotop_breaker_state{endpoint="e0",group="",state="open"} 1"#))
        #expect(engine.stopped)
        #expect(errors.text.hasPrefix("ethotop serve: http://127.0.0.1:"))
    }

    @Test func bindFailureStopsTheEngineAndExitsOne() async throws {
        let blocker = try await MetricsServer.start(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            source: FakeEngine(Fixture.snapshot(states: [])))
        let engine = FakeEngine(Fixture.snapshot(states: []))
        let errors = CollectingSink()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let runner = ServeRunner(
            factory: FakeFactory(engine: engine), request: Fixture.request(), address: blocker.boundAddress,
            control: ControlOptions(addresses: [.unix(directory.path + "/control.sock")]), errors: errors)
        await #expect(throws: ExitCode(1)) { try await runner.run { _ in } }
        await blocker.stop()
        #expect(engine.stopped)
        #expect(errors.text.contains("cannot listen on 127.0.0.1:"))
    }

    @Test func tcpBeyondLoopbackWithoutATokenIsRefusedBeforeTheEngineStarts() async throws {
        let engine = FakeEngine(Fixture.snapshot(states: []))
        let errors = CollectingSink()
        let runner = ServeRunner(
            factory: FakeFactory(engine: engine), request: Fixture.request(),
            address: ListenAddress(host: "127.0.0.1", port: 0),
            control: ControlOptions(addresses: [.tcp(ListenAddress(host: "0.0.0.0", port: 0))]),
            errors: errors)
        await #expect(throws: ExitCode(1)) { try await runner.run { _ in } }
        #expect(!engine.stopped, "never started")
        #expect(errors.text.contains("without --token-file"), "\(errors.text)")
    }
}

/// A fresh directory under the system's temporary directory, for sockets (short paths: a Unix
/// socket path is at most 107 bytes).
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = "/tmp/ethotop-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A launcher that records the options it was given and returns at once, as after `q`.
final class RecordingDashboard: DashboardLauncher {
    private let recorded = Mutex<DashboardOptions?>(nil)
    var options: DashboardOptions? { recorded.withLock { $0 } }

    func run(source: any SnapshotSource, options: DashboardOptions) async throws -> Int32? {
        recorded.withLock { $0 = options }
        return nil
    }
}

/// A launcher that fails before drawing, as the real one does without a terminal.
struct FailingDashboard: DashboardLauncher {
    struct NoTerminal: Error, CustomStringConvertible {
        var description: String { "the dashboard needs a terminal" }
    }

    func run(source: any SnapshotSource, options: DashboardOptions) async throws -> Int32? {
        throw NoTerminal()
    }
}
