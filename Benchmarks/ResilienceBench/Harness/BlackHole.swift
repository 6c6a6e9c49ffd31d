/// Keeps a value alive so the optimiser cannot delete the work that produced it.
///
/// Cases fold each operation's result into a local accumulator (a few cheap integer ops) and
/// hand the accumulator to this sink once per run, so the sink's own call is not part of the
/// per-operation cost. `@_optimize(none)` plus `@inline(never)` is what swift-benchmark and
/// package-benchmark use: the compiler must assume the value is read.
@inline(never)
@_optimize(none)
func blackHole<T>(_ value: T) {}
