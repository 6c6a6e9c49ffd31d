import Foundation
import TestSupport
import Testing

/// The shipped Prometheus files (deploy/prometheus/) are valid and do what they say: checked by
/// the Debian package's `promtool`, and the rules unit-tested over synthetic series.
@Suite struct PrometheusRulesTests {
    private func promtool(_ arguments: [String]) throws -> Promtool.Result {
        try #require(Promtool.path != nil, "\(Promtool.notFound)")
        return try Promtool.run(arguments, in: FleetFiles.prometheusDirectory)
    }

    @Test func exampleConfigPassesPromtool() throws {
        let result = try promtool(["check", "config", FleetFiles.exampleConfig.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: 1 rule files found"), "\(result.output)")
        #expect(!result.output.contains("WARNING"), "\(result.output)")
    }

    @Test func rulesPassPromtool() throws {
        let result = try promtool(["check", "rules", FleetFiles.rules.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS"), "\(result.output)")
    }

    /// `promtool test rules`: every recording rule's value and every alert's firing time,
    /// labels and rendered annotations over synthetic series (deploy/prometheus/tests/).
    @Test func rulesUnitTestsPass() throws {
        let result = try promtool(["test", "rules", FleetFiles.rulesTests.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS"), "\(result.output)")
    }

    /// Every `ethotop_*` metric the rules read is one the exporter writes and METRICS.md
    /// documents, so a renamed metric cannot silently leave an alert that never fires.
    @Test func rulesReadOnlyExportedMetrics() throws {
        let rules = try String(contentsOf: FleetFiles.rules, encoding: .utf8)
        // Tokens of metric-name characters; recording rules (`level:metric:ops`) contain colons.
        let tokens = rules.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":")) }
        let names = Set(tokens.filter { $0.hasPrefix("ethotop_") }.map(String.init))
        #expect(names.count >= 10, "\(names.sorted())")
        let exporterDirectory = FleetFiles.root.appendingPathComponent("Sources/Monitor/Export/Prometheus")
        let exporter = try FileManager.default.contentsOfDirectory(
            at: exporterDirectory, includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "swift" }
        .map { try String(contentsOf: $0, encoding: .utf8) }
        .joined()
        let documented = try String(
            contentsOf: FleetFiles.root.appendingPathComponent("docs/METRICS.md"), encoding: .utf8)
        for name in names.sorted() {
            #expect(exporter.contains("\"\(name)\""), "\(name) is not written by PrometheusExporter")
            #expect(documented.contains("`\(name)`"), "\(name) is not in docs/METRICS.md")
        }
    }
}
