/// One measured path: what it is, how it runs, and whether the < 100 ns goal applies to it.
///
/// A body performs `n` operations in a loop of its own and folds their results into a local
/// that it passes to ``blackHole(_:)`` once, so the harness adds one closure call per run, not
/// per operation.
struct BenchCase {
    /// How the body is driven.
    enum Kind {
        /// `body(n)` on the calling thread.
        case sync((Int) -> Void)
        /// `await body(n)` on the calling task.
        case async((Int) async -> Void)
        /// `body(n)` on each of two threads at once, against shared state; the figure is wall
        /// time / n, i.e. nanoseconds per operation per thread.
        case twoThreads(@Sendable (Int) -> Void)
    }

    /// What the row is compared against.
    enum Role {
        /// An uncontended hot path: the goal is under 100 ns.
        case hotPath
        /// A contended or composite path, reported for scale; no goal.
        case reported
        /// The floor (an uncontended `Mutex` increment): every ratio divides by it.
        case floor
        /// Harness or building-block overhead, to read the other rows against.
        case reference
    }

    /// Stable identifier (`breaker.permit+record.clock`): `--only` and instruction counts use it.
    let id: String
    /// Table group (`breaker`, `retry`, …).
    let group: String
    /// What is measured, in words.
    let label: String
    let role: Role
    let kind: Kind
}

/// The goal every uncontended hot path is held to (issue 2: "each uncontended hot path under 100 ns").
let goalNanoseconds = 100.0
