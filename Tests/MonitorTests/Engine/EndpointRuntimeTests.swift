import Foundation
import Resilience
import Testing

@testable import Monitor

/// Per-endpoint runtime choices that do not need a server.
@Suite struct EndpointRuntimeTests {
    private func endpoint(_ fields: String) throws -> EndpointConfig {
        let config = try ConfigLoader(environment: [:]).parse(
            yaml: "endpoints:\n  - { name: a, url: \"http://127.0.0.1:1/\", \(fields) }", sourcePath: "t.yaml"
        )
        return try #require(config.endpoints.first)
    }

    /// Every attempt of a minute fits the exact ring: no histogram regime to churn into.
    @Test func latencyWindowHoldsEveryAttemptOfTheWindow() throws {
        let fast = EndpointRuntime.latencyWindow(
            for: try endpoint("interval: 100ms, retry: { max_tries: 3 }"))
        #expect(fast.exactCapacity == 2_048, "600 probes × 3 tries = 1,800 samples")
        let slow = EndpointRuntime.latencyWindow(for: try endpoint("interval: 1s, retry: { max_tries: 1 }"))
        #expect(slow.exactCapacity == LatencyWindowConfiguration().exactCapacity, "never below the default")
        let many = EndpointRuntime.latencyWindow(
            for: try endpoint("interval: 100ms, retry: { max_tries: 100 }"))
        #expect(many.exactCapacity == 4_096, "capped: beyond, the histogram regime bounds memory")
    }

    /// The ring still grows only as samples arrive: a large capacity costs nothing until used.
    @Test func aLargeCapacityIsNotAllocatedUpFront() throws {
        let configuration = EndpointRuntime.latencyWindow(for: try endpoint("interval: 100ms"))
        var window = LatencyWindow(configuration: configuration)
        window.record(.milliseconds(1), now: .zero)
        #expect(window.footprintBytes < 4_096, "\(window.footprintBytes) bytes after one sample")
        for index in 1...1_500 {
            window.record(.milliseconds(1), now: Instant(nanoseconds: Int64(index) * 30_000_000))
        }
        #expect(window.isHistogramRegime == false, "1,500 samples in 45 s stay exact")
    }
}
