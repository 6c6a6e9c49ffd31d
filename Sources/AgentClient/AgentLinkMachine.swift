public import Foundation
public import Monitor
public import Resilience

/// The connection to an agent's stream as a value-type state machine, driven by explicit
/// instants (an injected clock) so every transition is testable without a socket or a sleep.
///
/// ```
///            start                 hello                 closed / failed
///   idle ───────────▶ connecting ─────────▶ streaming ─────────────────────▶ lost
///                        │  ▲                                                 │ │
///                        │  └──────────────── retry due ──────────────────────┘ │
///                        └───── failed ──▶ lost (attempt + 1, backoff grows) ◀───┘
/// ```
///
/// The delay before attempt `n` after a failure is ``Backoff`` `exponential(base, ×2, cap)` with
/// `equal` ``Jitter`` (half the ceiling fixed, half random: screens that lost one agent
/// together do not come back in lockstep, and none retries almost at once). A hello resets the
/// attempt count; `lost.since` keeps the time of the first failure through the retries, so the
/// screen says how long the agent has really been gone.
public struct AgentLinkMachine: Sendable, Equatable {
    /// Where the link is.
    public enum State: Sendable, Equatable {
        /// Not started.
        case idle
        /// A connection attempt is under way (`attempt` counts from 1 since the last hello).
        case connecting(attempt: Int, lostSince: Date?)
        /// Connected, hello received, lines arriving.
        case streaming(since: Date, pid: Int?, screens: Int?)
        /// Down: retry at `retryAt`; `since` is when it went down (wall clock, for the screen).
        case lost(since: Date, retryAt: Instant, attempt: Int, reason: String)
    }

    /// What the driver must do after a transition.
    public enum Action: Sendable, Equatable {
        /// Open a connection now.
        case connect
        /// Wait until `retryAt`, then call ``retryDue(now:)``.
        case wait(until: Instant)
        /// Nothing.
        case none
    }

    /// The current state.
    public private(set) var state: State = .idle
    /// Whether a hello has ever been received.
    public private(set) var everConnected = false
    /// The first delay.
    public let base: Duration
    /// The largest delay.
    public let cap: Duration

    /// A machine whose delays grow from `base` to at most `cap`.
    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(5)) {
        self.base = base
        self.cap = max(cap, base)
    }

    /// Starts: connect at once.
    public mutating func start() -> Action {
        guard state == .idle else { return .none }
        state = .connecting(attempt: 1, lostSince: nil)
        return .connect
    }

    /// The agent said hello: streaming from `wallClock`.
    public mutating func helloReceived(pid: Int?, screens: Int?, wallClock: Date) {
        switch state {
        case .connecting, .streaming:
            let since: Date
            if case .streaming(let started, _, _) = state { since = started } else { since = wallClock }
            state = .streaming(since: since, pid: pid, screens: screens)
            everConnected = true
        case .idle, .lost:
            break
        }
    }

    /// A fresh `/v1/agent` while streaming: other screens came or went.
    public mutating func screensChanged(to screens: Int?) {
        guard case .streaming(let since, let pid, _) = state else { return }
        state = .streaming(since: since, pid: pid, screens: screens)
    }

    /// The attempt failed or the stream ended: lost, with the next attempt scheduled.
    public mutating func failed(
        reason: String, now: Instant, wallClock: Date, using generator: inout some RandomNumberGenerator
    ) -> Action {
        let attempt: Int
        let since: Date
        switch state {
        case .idle, .lost:
            return .none
        case .connecting(let current, let lostSince):
            attempt = current
            since = lostSince ?? wallClock
        case .streaming:
            attempt = 1
            since = wallClock
        }
        let retryAt = now.advanced(by: delay(attempt: attempt, using: &generator))
        state = .lost(since: since, retryAt: retryAt, attempt: attempt, reason: reason)
        return .wait(until: retryAt)
    }

    /// Time has come (or not yet) for the next attempt.
    public mutating func retryDue(now: Instant) -> Action {
        guard case .lost(let since, let retryAt, let attempt, _) = state else { return .none }
        guard now >= retryAt else { return .wait(until: retryAt) }
        state = .connecting(attempt: attempt + 1, lostSince: since)
        return .connect
    }

    /// The delay after failed attempt number `attempt` (1-based).
    func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let backoff = Backoff.exponential(base: base, factor: 2, maxDelay: cap)
        return Jitter.equal.delay(
            ceiling: backoff.ceiling(forRetry: attempt), base: base, cap: cap, previous: nil,
            using: &generator)
    }

    /// The link as a screen shows it, at `now`.
    public func link(address: String, now: Instant) -> AttachedLink {
        switch state {
        case .idle, .connecting(_, nil):
            return AttachedLink(address: address, everConnected: everConnected)
        case .connecting(_, let lostSince?):
            return AttachedLink(
                address: address, lostSince: lostSince, retryIn: .zero, everConnected: everConnected)
        case .streaming(let since, let pid, let screens):
            return AttachedLink(
                address: address, agentPID: pid, attachedSince: since, screens: screens,
                everConnected: everConnected)
        case .lost(let since, let retryAt, _, let reason):
            return AttachedLink(
                address: address, lostSince: since, retryIn: now.duration(to: retryAt),
                everConnected: everConnected, reason: reason)
        }
    }
}
