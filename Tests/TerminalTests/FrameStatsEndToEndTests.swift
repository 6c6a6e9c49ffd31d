import Foundation
import Testing

extension EndToEnd {
    /// `--frame-stats FILE` (hidden, for bench/scale_dashboard.sh): the real dashboard writes what
    /// its frames cost when the operator quits.
    @Suite(.timeLimit(.minutes(1)))
    struct FrameStatsEndToEndTests {
        @Test func quittingWritesTheFrameCosts() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("frames-\(UUID()).json")
                .path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await DashboardRun.with(
                Launch(arguments: ["demo", "--refresh", "100ms", "--frame-stats", path])
            ) {
                run in
                let terminal = run.terminal
                try await terminal.waitFor(text: "checkout")
                #expect(!FileManager.default.fileExists(atPath: path), "written at exit, not before")
                try await terminal.press("q")
                #expect(try await run.exitStatus() == 0)
                let data = try #require(FileManager.default.contents(atPath: path))
                let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect((json["frames"] as? Int ?? 0) >= 1)
                let frame = try #require(json["frame_cpu_ms"] as? [String: Double])
                #expect((frame["max"] ?? 0) > 0, "a frame costs some CPU: \(frame)")
                #expect((frame["p50"] ?? .infinity) < 1_000)
            }
        }
    }
}
