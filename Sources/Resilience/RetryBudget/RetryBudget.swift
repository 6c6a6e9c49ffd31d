import Synchronization

/// A thread-safe retry budget shared by every call to one endpoint (or one upstream).
///
/// The accounting lives in the value type ``RetryBudgetState``; this owner applies it under a
/// `Mutex`. Callers pass `now` (from the same ``ResilienceClock`` they use for everything else),
/// so the budget itself never reads a clock.
public final class RetryBudget: Sendable {
    private let state: Mutex<RetryBudgetState>

    /// A budget with `kind`'s accounting.
    public init(_ kind: RetryBudgetKind) { state = Mutex(RetryBudgetState(kind: kind)) }

    /// The accounting in use.
    public var kind: RetryBudgetKind { state.withLock { $0.kind } }

    /// Records an original call (not a retry).
    public func recordRequest(now: Instant) { state.withLock { $0.recordRequest(now: now) } }

    /// Records a successful call.
    public func recordSuccess(now: Instant) { state.withLock { $0.recordSuccess(now: now) } }

    /// Spends one retry if the budget allows it; returns whether the retry may go ahead.
    public func tryWithdraw(now: Instant) -> Bool { state.withLock { $0.tryWithdraw(now: now) } }

    /// How many retries the budget would allow now.
    public func available(now: Instant) -> Int { state.withLock { $0.available(now: now) } }

    /// The share of the budget left (0...1).
    public func fractionLeft(now: Instant) -> Double { state.withLock { $0.fractionLeft(now: now) } }

    /// Everything the dashboard shows of the budget, read in one lock acquisition.
    public func snapshot(now: Instant) -> RetryBudgetSnapshot {
        state.withLock { state in
            RetryBudgetSnapshot(
                available: state.available(now: now), fractionLeft: state.fractionLeft(now: now),
                tokens: state.tokens, requests: state.requests, withdrawals: state.withdrawals,
                denied: state.denied)
        }
    }
}

/// A retry budget's state at one instant, for the dashboard and exporters.
public struct RetryBudgetSnapshot: Sendable, Hashable {
    /// Retries the budget would allow now.
    public var available: Int
    /// The share of the budget left (0...1).
    public var fractionLeft: Double
    /// The token balance, for a token-bucket budget.
    public var tokens: Double?
    /// Original calls recorded.
    public var requests: Int
    /// Retries allowed.
    public var withdrawals: Int
    /// Retries refused.
    public var denied: Int

    /// Creates a snapshot.
    public init(
        available: Int, fractionLeft: Double, tokens: Double? = nil, requests: Int = 0,
        withdrawals: Int = 0, denied: Int = 0
    ) {
        self.available = available
        self.fractionLeft = fractionLeft
        self.tokens = tokens
        self.requests = requests
        self.withdrawals = withdrawals
        self.denied = denied
    }
}
