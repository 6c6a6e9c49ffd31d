import Probe
import Resilience
import Testing

@testable import Monitor

/// Where the scheduler and the pipelines run: on the prober's loop thread below
/// `loopPipelineRateLimit` planned probes a second, on the global pool above it, whatever the
/// clock (`EngineSchedulerTests` follows a reload across the limit).
@Suite struct EnginePlacementTests {
    private static func yaml(endpoints: Int, interval: String) -> String {
        let lines = (0..<endpoints).map { "  - { name: e\($0), url: \"http://127.0.0.1:9/\($0)\" }" }
        return "defaults:\n  interval: \(interval)\nendpoints:\n" + lines.joined(separator: "\n")
    }

    @Test func plannedRateIsTheSumOfOneOverInterval() throws {
        let config = try ConfigLoader(environment: [:]).parse(
            yaml: Self.yaml(endpoints: 40, interval: "250ms"), sourcePath: "t.yaml")
        #expect(EngineTable.plannedRate(of: config) == 160)
    }

    @Test func lowRateRunsOnTheLoopThread() throws {
        let engine = try EngineHarness.makeEngine(Self.yaml(endpoints: 100, interval: "1s"))
        #expect(engine.table.withLock { $0.plannedRate } == 100)
        #expect(engine.pipelineExecutor(plannedRate: 100) === engine.prober.executor)
        #expect(engine.pipelineExecutor(plannedRate: Engine.loopPipelineRateLimit) !== engine.prober.executor)
    }

    @Test func highRateRunsOnTheGlobalPool() throws {
        let engine = try EngineHarness.makeEngine(Self.yaml(endpoints: 500, interval: "100ms"))
        #expect(!Engine.runsOnLoop(plannedRate: engine.table.withLock { $0.plannedRate }), "5,000 a second")
        #expect(engine.pipelineExecutor(plannedRate: 5_000) !== engine.prober.executor)
    }

    /// The clock makes the timers, and the placement does not depend on it: a manual clock runs
    /// the production path.
    @Test func theClockMakesTheTimersNotThePlacement() throws {
        let manual = try EngineHarness.makeEngine(
            Self.yaml(endpoints: 2, interval: "1s"), clock: ManualClock())
        #expect(manual.schedulerTimer is ManualTimer)
        #expect(manual.pipelineExecutor(plannedRate: 2) === manual.prober.executor)
        let real = try EngineHarness.makeEngine(Self.yaml(endpoints: 2, interval: "1s"))
        #expect(real.schedulerTimer is LoopAlarmTimer)
        #expect(real.publisherTimer is LoopAlarmTimer)
    }
}
