/// What several runs of one case measured, per operation.
///
/// The best run is the figure to trust on a shared, loaded machine: interference (other
/// processes, preemption, frequency changes) only ever adds time, so the minimum is the closest
/// to the code's own cost. The median says how typical that was.
struct Statistics: Sendable {
    /// Wall nanoseconds per operation of each run, sorted ascending.
    let perOp: [Double]
    /// CPU nanoseconds per operation of each run, sorted ascending (empty for two-thread runs).
    let cpuPerOp: [Double]
    /// Operations per run.
    let iterations: Int

    init(samples: [Sample], iterations: Int) {
        self.iterations = iterations
        let n = Double(iterations)
        perOp = samples.map { Double($0.wall) / n }.sorted()
        cpuPerOp = samples.compactMap { $0.cpu.map { Double($0) / n } }.sorted()
    }

    /// The fastest run's wall ns/op.
    var best: Double { perOp.first ?? .nan }

    /// The median run's wall ns/op.
    var median: Double {
        guard !perOp.isEmpty else { return .nan }
        let mid = perOp.count / 2
        return perOp.count % 2 == 1 ? perOp[mid] : (perOp[mid - 1] + perOp[mid]) / 2
    }

    /// The run with the least CPU time, in CPU ns/op (`nil` for two-thread runs).
    var bestCPU: Double? { cpuPerOp.first }
}
