/// Proof that a circuit breaker admitted a call; hand it back with the call's outcome.
///
/// A permit remembers the breaker's generation (bumped on every transition and on reset), so the
/// outcome of a call that started before a trip, a reset or an operator command is recognised as
/// stale and kept out of the window and the half-open ledger. Record each permit exactly once: a
/// trial permit recorded twice is caught (its ticket is no longer outstanding), a closed breaker's
/// permit is not (tracking every call would cost memory per call).
public struct BreakerPermit: Sendable, Hashable {
    /// Why the call was admitted.
    public enum Kind: UInt8, Sendable, Hashable {
        /// A normal call of a closed breaker: its outcome feeds the window and the trip rules.
        case normal
        /// A half-open trial call: its outcome decides between closing and re-opening.
        case trial
        /// A call of a disabled breaker: its outcome feeds the window, nothing is enforced.
        case unguarded
    }

    /// The breaker generation the permit belongs to.
    public let generation: UInt64
    /// A number unique to this permit within its breaker (never 0).
    public let ticket: UInt64
    /// Why the call was admitted.
    public let kind: Kind
    /// When the call was admitted; the default start for measuring its duration.
    public let acquiredAt: Instant

    /// Only the state machine issues permits.
    init(generation: UInt64, ticket: UInt64, kind: Kind, acquiredAt: Instant) {
        self.generation = generation
        self.ticket = ticket
        self.kind = kind
        self.acquiredAt = acquiredAt
    }
}
