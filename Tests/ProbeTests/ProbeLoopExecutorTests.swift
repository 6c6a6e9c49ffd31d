import ChaosServer
import Foundation
import Testing

@testable import Probe

/// The optional loop executor: callers that run on the loop thread itself.
@Suite struct ProbeLoopExecutorTests {
    @Test func probesFromTasksOnTheLoopExecutorComplete() async throws {
        try await withChaos { server, prober in
            let url = server.url(for: "/ok")
            let statuses = await withTaskExecutorPreference(prober.executor) {
                await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<200 {
                        group.addTask { (try? await prober.probe(ProbeRequest(url: url)))?.status ?? -1 }
                    }
                    return await group.reduce(into: [Int]()) { $0.append($1) }
                }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(await eventually { prober.stats.isIdleWithoutLeaks })
        }
    }

    @Test func shutdownFromTheLoopThreadDoesNotDeadlockAndLaterJobsStillRun() async throws {
        let server = try await ChaosServer.start()
        let prober = Prober()
        let url = server.url(for: "/ok")
        let (thread, after) = await withTaskExecutorPreference(prober.executor) {
            () async -> (String, ProbeError?) in
            _ = try? await prober.probe(ProbeRequest(url: url))
            let thread = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            prober.shutdown()  // runs on the loop thread: must not join itself
            // This task keeps running (forwarded to the global executor once the loop has exited).
            return (thread, await probeError(prober, ProbeRequest(url: url)))
        }
        #expect(thread == "ethotop-probe\n")
        #expect(after?.kind == .cancelled)
        #expect(await eventually { prober.stats.stopped })
        try await server.stop()
    }
}
