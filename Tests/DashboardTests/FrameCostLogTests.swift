import Foundation
import Testing

@testable import Dashboard

@Suite struct FrameCostLogTests {
    private func parse(_ log: FrameCostLog) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(log.json().utf8)) as? [String: Any])
    }

    @Test func measuresRealWorkOnThisThread() throws {
        var log = FrameCostLog()
        for _ in 0..<5 {
            let start = FrameCostLog.start()
            var sum = 0.0
            for index in 0..<200_000 { sum += Double(index).squareRoot() }
            #expect(sum > 0)
            log.record(start: start, builtCPU: FrameCostLog.threadCPUTime())
        }
        let json = try parse(log)
        #expect(json["frames"] as? Int == 5)
        for key in ["build_cpu_ms", "paint_cpu_ms", "frame_cpu_ms", "frame_wall_ms"] {
            let summary = try #require(json[key] as? [String: Double], "\(key)")
            let (p50, p99, max) = (summary["p50"] ?? -1, summary["p99"] ?? -1, summary["max"] ?? -1)
            #expect(0 <= p50 && p50 <= p99 && p99 <= max, "\(key): \(summary)")
        }
        // The loop ran between start and the build mark: the build took CPU, not the paint.
        let build = try #require(json["build_cpu_ms"] as? [String: Double])
        #expect((build["max"] ?? 0) > 0)
    }

    @Test func anEmptyLogIsValidJSON() throws {
        let json = try parse(FrameCostLog())
        #expect(json["frames"] as? Int == 0)
        #expect((json["frame_cpu_ms"] as? [String: Double])?["max"] == 0)
    }
}
