import ChaosServer
import Resilience

/// Runs `body` against a fresh server and always stops it, even when `body` throws.
func withChaosServer<T>(
    seed: UInt64 = 1, clock: any ResilienceClock = SystemClock(),
    _ body: (ChaosServer) async throws -> T
) async throws -> T {
    let server = try await ChaosServer.start(seed: seed, clock: clock)
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; returns whether it held.
///
/// The alternative to a fixed sleep: fast when the condition comes true early, bounded when it never does.
func eventually(
    timeout: Duration = .seconds(5), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}

extension ChaosServer {
    /// `GET target` on a fresh connection with `Connection: close`, parsed.
    func get(_ target: String, method: String = "GET", headers: [String] = [], body: String = "") async throws
        -> HTTPReply?
    {
        let raw = try await RawConnection.request(
            target, port: port, method: method, headers: headers, body: body)
        return HTTPReply.parse(raw.bytes)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count)
        where self[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
