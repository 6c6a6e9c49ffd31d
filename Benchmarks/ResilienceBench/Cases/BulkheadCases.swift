import Resilience

/// Bulkhead rows: taking and returning a slot when one is free (the only path a healthy endpoint
/// ever takes).
enum BulkheadCases {
    static func cases() -> [BenchCase] { [withPermit(), tryAcquireRelease()] }

    /// `withPermit { }` of an immediately returning body, a slot free.
    static func withPermit() -> BenchCase {
        let bulkhead = Bulkhead(maxConcurrent: 4, maxQueue: 16)
        return BenchCase(
            id: "bulkhead.withPermit", group: "bulkhead",
            label: "`Bulkhead.withPermit { }`, a slot free", role: .hotPath,
            kind: .async { n in
                var sink = 0
                for i in 0..<n { sink &+= (try? await bulkhead.withPermit { i }) ?? 1 }
                blackHole(sink)
            })
    }

    /// `tryAcquire()` + `release()`: the two lock holds inside `withPermit`, without the async call.
    static func tryAcquireRelease() -> BenchCase {
        let bulkhead = Bulkhead(maxConcurrent: 4, maxQueue: 16)
        return BenchCase(
            id: "bulkhead.tryAcquire+release", group: "bulkhead",
            label: "`Bulkhead.tryAcquire()` + `release()`", role: .hotPath,
            kind: .sync { n in
                var sink = 0
                for _ in 0..<n where bulkhead.tryAcquire() {
                    sink &+= 1
                    bulkhead.release()
                }
                blackHole(sink)
            })
    }
}
