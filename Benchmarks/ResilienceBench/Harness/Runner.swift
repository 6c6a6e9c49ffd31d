/// Measures cases: calibrate N, warm up, then several timed runs of N operations each.
struct Runner {
    /// Timed runs per case (best and median are taken over these).
    var runs = 11
    /// Calibration aims at runs of about this long: long enough that the two clock reads and
    /// the closure call around a run are noise (< 0.001%), short enough that a run often fits
    /// between two preemptions on a loaded machine.
    var targetRunNanoseconds: Int64 = 20_000_000
    /// A fixed N instead of calibrating (used under callgrind, where wall time means nothing).
    var fixedIterations: Int?
    /// Whether to run once at N before the timed runs (caches, branch predictors, lazy setup).
    var warmUp = true

    /// Measures one case.
    func measure(_ benchCase: BenchCase) async -> Statistics {
        switch benchCase.kind {
        case .sync(let body):
            return measure { n in Stopwatch.time(n, body) }
        case .async(let body):
            return await measureAsync { n in await Stopwatch.time(n, body) }
        case .twoThreads(let body):
            return measure { n in Sample(wall: TwoThreads.time(n, body), cpu: nil) }
        }
    }

    private func measure(_ time: (Int) -> Sample) -> Statistics {
        let n = fixedIterations ?? calibrate(time)
        if warmUp { _ = time(n) }
        return Statistics(samples: (0..<runs).map { _ in time(n) }, iterations: n)
    }

    private func measureAsync(_ time: (Int) async -> Sample) async -> Statistics {
        var n = fixedIterations ?? 1_000
        if fixedIterations == nil {
            while true {
                let elapsed = await time(n).wall
                guard let next = nextIterations(n, elapsed) else { break }
                n = next
            }
        }
        if warmUp { _ = await time(n) }
        var samples: [Sample] = []
        for _ in 0..<runs { samples.append(await time(n)) }
        return Statistics(samples: samples, iterations: n)
    }

    /// Doubles (or extrapolates) N until one run takes the target time; these runs are also
    /// the warm-up.
    private func calibrate(_ time: (Int) -> Sample) -> Int {
        var n = 1_000
        while let next = nextIterations(n, time(n).wall) { n = next }
        return n
    }

    /// The next N to try, or `nil` when a run of `n` took long enough.
    private func nextIterations(_ n: Int, _ elapsed: Int64) -> Int? {
        if elapsed >= targetRunNanoseconds / 2 || n >= 200_000_000 { return nil }
        guard elapsed > 1_000_000 else { return n * 10 }
        // Extrapolate from a run long enough to time, rounded up to a multiple of 1000.
        let scaled = Int(Double(n) * Double(targetRunNanoseconds) / Double(elapsed))
        return min(max((scaled + 999) / 1_000 * 1_000, n * 2), 200_000_000)
    }
}
