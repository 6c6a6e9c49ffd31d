import Resilience

/// Rate-limiter rows: taking a permit when one is free and nobody waits, the path every probe
/// takes while an endpoint stays under its rate.
enum LimiterCases {
    static func cases() -> [BenchCase] { [acquire(), tryAcquire()] }

    /// A bucket refilling a permit every nanosecond, so a permit is always free.
    static func limiter() -> RateLimiter {
        guard let configuration = try? RateLimiterConfiguration(calls: 1_000_000_000, period: .seconds(1))
        else { preconditionFailure("a constant, valid configuration") }
        return RateLimiter(configuration: configuration)
    }

    /// `try await acquire()`, a permit free: one lock hold and one clock read, no suspension.
    static func acquire() -> BenchCase {
        let limiter = limiter()
        return BenchCase(
            id: "limiter.acquire", group: "limiter",
            label: "`RateLimiter.acquire()`, a permit free, nobody queued", role: .hotPath,
            kind: .async { n in
                var sink = 0
                for _ in 0..<n {
                    do {
                        try await limiter.acquire()
                        sink &+= 1
                    } catch {
                        sink &+= 2
                    }
                }
                blackHole(sink)
            })
    }

    /// `tryAcquire()`, a permit free: the same lock hold without the async call.
    static func tryAcquire() -> BenchCase {
        let limiter = limiter()
        return BenchCase(
            id: "limiter.tryAcquire", group: "limiter",
            label: "`RateLimiter.tryAcquire()`, a permit free", role: .hotPath,
            kind: .sync { n in
                var sink = 0
                for _ in 0..<n where limiter.tryAcquire() { sink &+= 1 }
                blackHole(sink)
            })
    }
}
