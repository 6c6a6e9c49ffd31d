import Foundation
import Synchronization

@testable import History

/// A fresh directory under /tmp, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ethotop-history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A wall clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    func now() -> Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var function: @Sendable () -> Date { { self.now() } }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool
{
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// A bucket with `ok` successes and `failed` failures.
func bucket(_ endpoint: String, start: Int64, width: Int = 10, ok: Int = 10, failed: Int = 0, p99: Double = 5)
    -> HistoryBucket
{
    HistoryBucket(
        endpoint: endpoint, group: "g", start: start, width: width, succeeded: ok, failed: failed, p50Ms: 1,
        p90Ms: 2, p99Ms: p99, maxMs: p99 * 2, errorKind: failed > 0 ? "timeout" : nil)
}
