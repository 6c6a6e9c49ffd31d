/// What several runs of one case measured, per operation.
///
/// The best run is the figure to trust on a shared, loaded machine: interference (other
/// processes, preemption, frequency changes) only ever adds time, so the minimum is the closest
/// to the code's own cost. The median says how typical that was.
struct Statistics: Sendable {
    /// Nanoseconds per operation of each run, sorted ascending.
    let perOp: [Double]
    /// Operations per run.
    let iterations: Int

    init(runNanoseconds: [Int64], iterations: Int) {
        self.iterations = iterations
        perOp = runNanoseconds.map { Double($0) / Double(iterations) }.sorted()
    }

    /// The fastest run's ns/op.
    var best: Double { perOp.first ?? .nan }

    /// The median run's ns/op.
    var median: Double {
        guard !perOp.isEmpty else { return .nan }
        let mid = perOp.count / 2
        return perOp.count % 2 == 1 ? perOp[mid] : (perOp[mid - 1] + perOp[mid]) / 2
    }
}
