import ChaosServer
import Foundation

/// Starts a ChaosServer and writes a config of `--endpoints` endpoints on it to `--config`,
/// then serves until killed: the backend of the keypress and bytes-per-second benchmarks.
enum Serve {
    static func run(_ options: Options) async throws {
        let count = options.int("endpoints", 40)
        let path = options.string("path", "/delay?min=1&max=40")
        let interval = options.string("interval", "1s")
        let timeout = options.string("timeout", "2s")
        let refresh = options.string("refresh", "1s")
        guard let configPath = options.optional("config") else {
            FileHandle.standardError.write(Data("serve needs --config PATH\n".utf8))
            exit(64)
        }
        let server = try await ChaosServer.start(threads: 2)
        var yaml = """
            refresh: \(refresh)
            defaults:
              interval: \(interval)
              timeout: \(timeout)
              retry: { max_tries: 1 }
              breaker: { failure_threshold: 5, recovery_timeout: 10s }
            endpoints:

            """
        for index in 0..<count {
            // Distinct query strings: each endpoint draws its own latencies.
            let separator = path.contains("?") ? "&" : "?"
            yaml += """
                  - name: ep-\(String(format: "%04d", index))
                    group: g\(index % 5)
                    url: "\(server.baseURL)\(path)\(separator)id=\(index)"

                """
        }
        try yaml.write(toFile: configPath + ".tmp", atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(atPath: configPath + ".tmp", toPath: configPath)
        FileHandle.standardOutput.write(Data("ready \(server.baseURL)\n".utf8))
        while true { try await Task.sleep(for: .seconds(3_600)) }
    }
}
