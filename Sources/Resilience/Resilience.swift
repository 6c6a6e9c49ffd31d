/// The `Resilience` module: circuit breaker, retry, budgets, rate limiting, timeouts,
/// bulkheads and latency windows. Pure Swift, no I/O, clock injected.
public enum ResilienceModule {
    /// The module's name, used in log labels.
    public static let name = "Resilience"
}
