import NIOCore
import Resilience
import Synchronization

/// Everything the server's connections share: counters, outage switches, rate-limit buckets,
/// the live connections, and the seed and clock.
///
/// One `Mutex` guards it; every critical section is a few dictionary operations, and nothing
/// that does I/O runs under the lock.
final class ChaosState: Sendable {
    /// The seed every random choice derives from.
    let seed: UInt64
    /// The clock outage schedules and rate-limit buckets read.
    let clock: any ResilienceClock
    /// When the server started, on `clock`.
    let startedAt: Instant

    private struct Mutable {
        var requests: [String: Int] = [:]
        var draws: [String: UInt64] = [:]
        var outages: [String: Bool] = [:]
        var buckets: [String: TokenBucket] = [:]
        var channels: [ObjectIdentifier: any Channel] = [:]
        var acceptedConnections = 0
        var peakBufferedBytes = 0
        var writePauses = 0
    }

    private let mutable = Mutex(Mutable())

    /// Shared state for a server seeded with `seed`, reading `clock`.
    init(seed: UInt64, clock: any ResilienceClock) {
        self.seed = seed
        self.clock = clock
        self.startedAt = clock.now()
    }

    /// Time since the server started.
    var uptime: Duration { clock.now() - startedAt }

    // MARK: Requests and randomness

    /// Counts one request for `path` (query excluded).
    func countRequest(path: String) {
        mutable.withLock { $0.requests[path, default: 0] += 1 }
    }

    /// Requests seen so far for `path`.
    func requestCount(path: String) -> Int {
        mutable.withLock { $0.requests[path] ?? 0 }
    }

    /// Every path's request count.
    func requestCounts() -> [String: Int] {
        mutable.withLock { $0.requests }
    }

    /// The next draw in `[0, 1)` of `stream`: its `n`-th call returns the same value for the same seed.
    func nextUnit(stream: String) -> Double {
        SeededRandom.unit(seed: seed, stream: stream, index: nextIndex(stream: stream))
    }

    /// The next integer in `range` from `stream`, reproducible per seed like ``nextUnit(stream:)``.
    func nextInteger(in range: ClosedRange<Int>, stream: String) -> Int {
        SeededRandom.integer(in: range, seed: seed, stream: stream, index: nextIndex(stream: stream))
    }

    private func nextIndex(stream: String) -> UInt64 {
        mutable.withLock { state in
            let index = state.draws[stream, default: 0]
            state.draws[stream] = index + 1
            return index
        }
    }

    // MARK: Outages and rate limits

    /// Turns the manual outage `name` on or off.
    func setOutage(_ name: String, on: Bool) {
        mutable.withLock { $0.outages[name] = on }
    }

    /// Whether the manual outage `name` is on.
    func isOutageOn(_ name: String) -> Bool {
        mutable.withLock { $0.outages[name] ?? false }
    }

    /// Every manual outage switch that has been touched.
    func outages() -> [String: Bool] {
        mutable.withLock { $0.outages }
    }

    /// Takes a token from bucket `name`, creating it (full) or reconfiguring it as asked.
    func takeToken(bucket name: String, rate: Double, capacity: Double) -> TokenBucket.Decision? {
        let now = clock.now()
        return mutable.withLock { state in
            var bucket: TokenBucket
            if let existing = state.buckets[name] {
                bucket = existing
                if bucket.rate != rate || bucket.capacity != capacity {
                    bucket.reconfigure(rate: rate, capacity: capacity, now: now)
                }
            } else {
                guard let fresh = TokenBucket(rate: rate, capacity: capacity, now: now) else { return nil }
                bucket = fresh
            }
            let decision = bucket.take(now: now)
            state.buckets[name] = bucket
            return decision
        }
    }

    // MARK: Connections

    /// Tracks a newly accepted connection until it closes, so `stop()` can close it.
    func register(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        mutable.withLock { state in
            state.channels[id] = channel
            state.acceptedConnections += 1
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = mutable.withLock { $0.channels.removeValue(forKey: id) }
        }
    }

    /// The connections open right now.
    func openChannels() -> [any Channel] {
        mutable.withLock { Array($0.channels.values) }
    }

    /// Connections accepted since start.
    var acceptedConnections: Int { mutable.withLock { $0.acceptedConnections } }

    // MARK: Streaming accounting

    /// Records how many response bytes one connection holds in user space, keeping the peak.
    func noteBuffered(bytes: Int) {
        mutable.withLock { $0.peakBufferedBytes = max($0.peakBufferedBytes, bytes) }
    }

    /// Records that a streaming response paused because the client was not reading fast enough.
    func noteWritePause() {
        mutable.withLock { $0.writePauses += 1 }
    }

    /// The most response bytes any one connection has held in user space.
    var peakBufferedBytes: Int { mutable.withLock { $0.peakBufferedBytes } }

    /// How often streaming responses paused for back-pressure.
    var writePauses: Int { mutable.withLock { $0.writePauses } }
}
