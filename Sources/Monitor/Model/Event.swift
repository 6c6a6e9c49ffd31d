public import Foundation
public import Resilience

/// Something that happened: a breaker transition, an operator action, a reload, an error.
///
/// The engine keeps the last events in a bounded ring (default 1,000) and streams new ones to
/// `watch` and the dashboard's events pane.
public struct Event: Sendable, Equatable {
    /// Monotonic sequence number, so readers can ask for "events after N".
    public var sequence: UInt64
    /// Wall-clock time.
    public var at: Date
    /// What happened.
    public var kind: Kind
    /// The endpoint concerned, if any.
    public var endpoint: String?
    /// A one-line description, already sanitised for display.
    public var message: String
    /// Who caused it, for operator actions and reloads asked for over the agent's control API
    /// (`root (pid 4242)`, `token ci`); `nil` when the engine did it or nobody identifiable did.
    public var author: String?

    /// Event categories.
    public enum Kind: Sendable, Equatable {
        /// A breaker changed state.
        case transition(from: BreakerState, to: BreakerState)
        /// An operator command was applied.
        case operatorAction(ControlCommand.Action)
        /// The config was reloaded (or a reload was rejected).
        case reload(accepted: Bool)
        /// A probe or engine error worth telling the operator about.
        case error
        /// Informational (startup, demo scenario steps).
        case info
    }

    /// Creates an event.
    public init(
        sequence: UInt64, at: Date, kind: Kind, endpoint: String?, message: String, author: String? = nil
    ) {
        self.sequence = sequence
        self.at = at
        self.kind = kind
        self.endpoint = endpoint
        self.message = message
        self.author = author
    }
}
