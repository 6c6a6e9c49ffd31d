import Foundation
import TestSupport

/// The processes of one fleet test, in one temporary directory: `ethotop serve` agents and a
/// Prometheus, each in its own process group with its own log file; ``stopAll()`` ends them.
final class Fleet {
    /// A condition that did not come true before its deadline.
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    private(set) var children: [ChildProcess] = []

    init(directory: URL) {
        self.directory = directory
    }

    /// Every child's log, for a failure message.
    var diagnostics: String {
        children.map { child in
            let name = URL(fileURLWithPath: child.logFile ?? "").lastPathComponent
            return "--- \(name)\n\(child.output.suffix(4_000))"
        }.joined(separator: "\n")
    }

    /// Starts `ethotop serve` with `config` on a kernel-chosen loopback port; returns the port,
    /// read from the line the agent prints once it listens.
    func startAgent(_ name: String, config: String) async throws -> Int {
        let configFile = directory.appendingPathComponent("\(name).yaml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let agent = try ChildProcess(
            [
                FleetFiles.ethotop.path, "serve", "--config", configFile.path,
                "--metrics-listen", "127.0.0.1:0",
            ],
            environment: [
                "HOME": directory.path, "PATH": "/usr/bin:/bin",
                "XDG_STATE_HOME": directory.appendingPathComponent("state-\(name)").path,
            ],
            output: .log(directory.appendingPathComponent("agent-\(name).log").path), lifetime: .seconds(180))
        children.append(agent)
        let port = try await poll(timeout: .seconds(30)) { () -> Int? in
            if agent.hasExited { throw Timeout(description: "agent \(name) exited") }
            return Self.listeningPort(in: agent.output)
        }
        guard let port else {
            throw Timeout(
                description: "agent \(name) did not start listening (status \(agent.exitStatus ?? -1))")
        }
        return port
    }

    /// Starts Prometheus with `config` on a free loopback port and waits until it is ready
    /// (config and rules loaded). Retries on a fresh port if it exits (the port was taken).
    func startPrometheus(_ executable: URL, config: String) async throws -> PrometheusAPI {
        let configFile = directory.appendingPathComponent("prometheus.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        for attempt in 1...3 {
            let port = try Loopback.closedPort()
            let server = try ChildProcess(
                [
                    executable.path, "--config.file=\(configFile.path)",
                    "--storage.tsdb.path=\(directory.appendingPathComponent("tsdb-\(attempt)").path)",
                    "--web.listen-address=127.0.0.1:\(port)",
                ],
                environment: ["HOME": directory.path, "PATH": "/usr/bin:/bin"],
                output: .log(directory.appendingPathComponent("prometheus-\(attempt).log").path),
                lifetime: .seconds(180))
            children.append(server)
            let api = PrometheusAPI(port: port)
            let ready = await poll(timeout: .seconds(40)) { () -> Bool? in
                if server.hasExited { return false }
                return api.isReady() ? true : nil
            }
            if ready == true { return api }
            await server.stop(grace: .seconds(5))
        }
        throw Timeout(description: "prometheus did not become ready")
    }

    /// Polls `query` until `condition` holds for its result (at most 30 s); returns that result.
    func waitFor(
        _ what: String, api: PrometheusAPI, query: String,
        until condition: ([PrometheusAPI.Sample]) -> Bool
    ) async throws -> [PrometheusAPI.Sample] {
        var last: Result<[PrometheusAPI.Sample], any Error> = .success([])
        let samples = await poll(timeout: .seconds(30)) { () -> [PrometheusAPI.Sample]? in
            last = Result { try api.query(query) }
            guard case .success(let samples) = last, condition(samples) else { return nil }
            return samples
        }
        guard let samples else {
            throw Timeout(description: "\(what): `\(query)` never satisfied the condition; last: \(last)")
        }
        return samples
    }

    /// Stops every child (SIGTERM to its group, SIGKILL after a grace period), in start order;
    /// returns their exit statuses.
    func stopAll() async -> [Int32?] {
        var statuses: [Int32?] = []
        for child in children {
            statuses.append(await child.stop(grace: .seconds(10)))
        }
        return statuses
    }

    /// The port in `ethotop serve: http://127.0.0.1:PORT/metrics …`.
    static func listeningPort(in log: String) -> Int? {
        let marker = "ethotop serve: http://127.0.0.1:"
        guard let start = log.range(of: marker)?.upperBound else { return nil }
        return Int(log[start...].prefix { $0.isNumber })
    }
}
