import Resilience

/// Retry and retry-budget rows: what a call that succeeds at once pays for being retryable, and
/// what the budget check on a failure costs.
enum RetryCases {
    static func cases() -> [BenchCase] {
        [runWithoutBudget(), runWithBudget(), budgetAllows(), budgetDenies(), budgetPercentage()]
    }

    /// `run` of an operation that succeeds on its first attempt, no budget.
    static func runWithoutBudget() -> BenchCase {
        let retry = Retry(policy: .default)
        return BenchCase(
            id: "retry.run", group: "retry",
            label: "`Retry.run` of an immediately successful operation, no budget", role: .hotPath,
            kind: .async { n in
                var sink = 0
                for i in 0..<n { sink &+= (try? await retry.run { _ in i }) ?? 1 }
                blackHole(sink)
            })
    }

    /// The same with a gRPC token-bucket budget: adds `recordRequest` and `recordSuccess` (two
    /// short lock holds) and a second clock read.
    static func runWithBudget() -> BenchCase {
        let retry = Retry(policy: .default, budget: RetryBudget(.grpcDefault))
        return BenchCase(
            id: "retry.run.budget", group: "retry",
            label: "`Retry.run`, same, with a token-bucket budget", role: .hotPath,
            kind: .async { n in
                var sink = 0
                for i in 0..<n { sink &+= (try? await retry.run { _ in i }) ?? 1 }
                blackHole(sink)
            })
    }

    /// `tryWithdraw(now:)` that is allowed (a bucket too deep to drain during the run).
    static func budgetAllows() -> BenchCase {
        let budget = RetryBudget(.tokenBucket(maxTokens: 1e12, tokenRatio: 0.1))
        return BenchCase(
            id: "budget.tryWithdraw", group: "retry",
            label: "`RetryBudget.tryWithdraw(now:)`, token bucket, allowed", role: .hotPath,
            kind: .sync { n in
                var instants = Instants()
                var sink = 0
                for _ in 0..<n where budget.tryWithdraw(now: instants.next()) { sink &+= 1 }
                blackHole(sink)
            })
    }

    /// `tryWithdraw(now:)` of a spent bucket: the path taken on every failure during an outage.
    static func budgetDenies() -> BenchCase {
        let budget = RetryBudget(.grpcDefault)
        while budget.tryWithdraw(now: .zero) {}
        return BenchCase(
            id: "budget.tryWithdraw.denied", group: "retry",
            label: "`RetryBudget.tryWithdraw(now:)`, token bucket, spent (denied)", role: .hotPath,
            kind: .sync { n in
                var instants = Instants()
                var sink = 0
                for _ in 0..<n where !budget.tryWithdraw(now: instants.next()) { sink &+= 1 }
                blackHole(sink)
            })
    }

    /// Finagle-style percentage budget: `recordRequest` + `tryWithdraw` per operation, with a
    /// 100% share so every withdrawal is allowed and the ten time slices keep rotating.
    static func budgetPercentage() -> BenchCase {
        let budget = RetryBudget(.percentage(percentCanRetry: 1, ttl: .seconds(10), minRetriesPerSecond: 10))
        return BenchCase(
            id: "budget.percentage", group: "retry",
            label: "`recordRequest` + `tryWithdraw`, percentage budget (two lock holds)", role: .hotPath,
            kind: .sync { n in
                var instants = Instants()
                var sink = 0
                for _ in 0..<n {
                    let now = instants.next()
                    budget.recordRequest(now: now)
                    if budget.tryWithdraw(now: now) { sink &+= 1 }
                }
                blackHole(sink)
            })
    }
}
