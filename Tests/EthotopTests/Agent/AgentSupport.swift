import ChaosServer
import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `ethotop serve` with its control socket in a sandbox, and what the tests ask of it.
struct RunningAgent {
    let binary: BuiltBinary
    let socket: String

    /// Starts `serve` for `config` with the control socket at `socket` plus `extra` arguments, and
    /// waits until it says where it listens.
    static func start(
        config: String, socket: String, sandbox: Sandbox, extra: [String] = []
    ) async throws -> RunningAgent {
        let binary = try BuiltBinary(
            ["serve", "--config", config, "--metrics-listen", "127.0.0.1:0", "--control", "unix:\(socket)"]
                + extra,
            environment: sandbox.environment())
        let agent = RunningAgent(binary: binary, socket: socket)
        guard await eventually({ binary.standardError.contains("control API on") }) else {
            throw UnixSocketClient.Failure("serve did not start: \(binary.standardError)")
        }
        return agent
    }

    /// A fresh connection to the control socket.
    func connect(timeout: Duration = .seconds(10)) throws -> UnixSocketClient {
        try UnixSocketClient(path: socket, timeout: timeout)
    }

    /// `GET path` as JSON.
    func get(_ path: String) throws -> [String: Any] {
        let response = try connect().request("GET", path)
        guard response.status == 200, let object = jsonObject(response.body) else {
            throw UnixSocketClient.Failure("GET \(path): \(response.status) \(response.body)")
        }
        return object
    }

    /// `POST /v1/control` with `body`.
    func control(_ body: String) throws -> UnixSocketClient.Response {
        try connect().request(
            "POST", "/v1/control", headers: ["Content-Type": "application/json"], body: body)
    }

    /// The events the agent holds, as JSON objects.
    func events() throws -> [[String: Any]] {
        try get("/v1/events")["events"] as? [[String: Any]] ?? []
    }

    /// The breaker state of `name` in a fresh snapshot.
    func state(_ name: String) throws -> String? {
        (endpoint(name, in: try get("/v1/snapshot"))?["breaker"] as? [String: Any])?["state"] as? String
    }
}

/// `user (pid N)`: how the agent names this test process over the Unix socket.
func thisProcessAuthor() -> String {
    let name =
        getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(getuid())"
    return "\(name) (pid \(getpid()))"
}

/// The permission bits of `path`, not following a symbolic link.
func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}

/// Resident set size of `pid` in KiB, from /proc.
func residentKiB(_ pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
    return line.flatMap {
        Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}
