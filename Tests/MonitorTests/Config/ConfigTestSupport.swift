import Foundation
import Testing

@testable import Monitor

/// Parses `yaml` as `test.yaml` with `environment`.
func loadConfig(_ yaml: String, environment: [String: String] = [:]) throws(ConfigErrors) -> MonitorConfig {
    try ConfigLoader(environment: environment).parse(yaml: yaml, sourcePath: "test.yaml")
}

/// The errors `yaml` produces (empty when it loads).
func configErrors(_ yaml: String, environment: [String: String] = [:]) -> [ConfigError] {
    do {
        _ = try loadConfig(yaml, environment: environment)
        return []
    } catch {
        return error.errors
    }
}

/// The repository root (for examples/config.yaml).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary directory, removed by the caller with `removeTemporaryDirectory`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ethotop-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
