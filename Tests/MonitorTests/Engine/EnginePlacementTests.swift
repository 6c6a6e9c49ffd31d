import Probe
import Resilience
import Testing

@testable import Monitor

/// Where the scheduler and the pipelines run: on the prober's loop thread below
/// `loopPipelineRateLimit` planned probes a second, on the global pool above it or with an
/// injected clock.
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
        #expect(engine.schedulerAlarm != nil)
        #expect(engine.pipelineExecutor(plannedRate: 100) === engine.prober.executor)
        // A reload above the limit moves the pipelines back to the pool.
        #expect(engine.pipelineExecutor(plannedRate: Engine.loopPipelineRateLimit) !== engine.prober.executor)
    }

    @Test func highRateStaysOnTheGlobalPool() throws {
        let engine = try EngineHarness.makeEngine(Self.yaml(endpoints: 500, interval: "100ms"))
        #expect(engine.schedulerAlarm == nil, "5,000 planned probes a second")
        #expect(engine.pipelineExecutor(plannedRate: 100) !== engine.prober.executor)
    }

    @Test func injectedClockKeepsItsOwnSleeps() throws {
        let config = try ConfigLoader(environment: [:]).parse(
            yaml: Self.yaml(endpoints: 2, interval: "1s"), sourcePath: "t.yaml")
        let engine = Engine(config: config, options: EngineOptions(source: "t.yaml", clock: ManualClock()))
        #expect(engine.schedulerAlarm == nil)
        #expect(engine.pipelineExecutor(plannedRate: 2) !== engine.prober.executor)
    }
}
