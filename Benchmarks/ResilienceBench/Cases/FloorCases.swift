import Resilience
import Synchronization

/// The floor every ratio divides by, and the building blocks the other rows are made of.
enum FloorCases {
    static func cases() -> [BenchCase] { [mutex(), mutexContended(), clockRead(), asyncCall()] }

    /// An uncontended `Mutex` lock, increment, unlock: no owner type can do a locked update for
    /// less, so "× floor" says how much work a path does besides taking its lock.
    static func mutex() -> BenchCase {
        let counter = Mutex<Int>(0)
        return BenchCase(
            id: "floor.mutex", group: "floor", label: "`Mutex<Int>.withLock { $0 += 1 }`, uncontended",
            role: .floor,
            kind: .sync { n in
                var sink = 0
                for _ in 0..<n {
                    sink &+= counter.withLock { value in
                        value &+= 1
                        return value
                    }
                }
                blackHole(sink)
            })
    }

    /// The same with two threads hammering one `Mutex`: the floor of the contended rows.
    static func mutexContended() -> BenchCase {
        let counter = Mutex<Int>(0)
        return BenchCase(
            id: "floor.mutex.2t", group: "floor", label: "`Mutex` increment, 2 threads on one lock",
            role: .reported,
            kind: .twoThreads { n in
                var sink = 0
                for _ in 0..<n {
                    sink &+= counter.withLock { value in
                        value &+= 1
                        return value
                    }
                }
                blackHole(sink)
            })
    }

    /// `SystemClock.now()`: what each clock read inside a path costs.
    static func clockRead() -> BenchCase {
        BenchCase(
            id: "ref.clock", group: "floor", label: "`SystemClock.now()` (`clock_gettime`, vDSO)",
            role: .reference,
            kind: .sync { n in
                var sink: Int64 = 0
                for _ in 0..<n { sink &+= SystemClock.shared.now().nanoseconds }
                blackHole(sink)
            })
    }

    /// A call to a non-inlined async function that returns at once: the share of the async rows
    /// (`execute`, `Retry.run`, `withPermit`) that is the async calling convention itself.
    static func asyncCall() -> BenchCase {
        BenchCase(
            id: "ref.async-call", group: "floor", label: "call of an empty non-inlined `async` function",
            role: .reference,
            kind: .async { n in
                var sink = 0
                for i in 0..<n { sink &+= await identity(i) }
                blackHole(sink)
            })
    }

    @inline(never)
    private static func identity(_ value: Int) async -> Int { value }
}
