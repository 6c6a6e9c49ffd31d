/// An operator command, sent from the dashboard (or an API) back to the engine.
///
/// The engine applies it within one refresh and records it as an ``Event``.
public struct ControlCommand: Sendable, Equatable {
    /// What to do.
    public var action: Action
    /// To which endpoints.
    public var target: Target
    /// Who sent it, as recorded in its event: `root (pid 4242)` over the agent's Unix socket,
    /// `token NAME` over TCP; `nil` for the standalone dashboard, shown as ``localUser``.
    public var author: String?

    /// How a command without an author is attributed: the person at this terminal.
    public static let localUser = "local user"

    /// Operator actions.
    public enum Action: String, Sendable, Equatable, CaseIterable {
        /// Close the breaker and clear its window.
        case reset
        /// Hold the breaker open (isolate).
        case forceOpen = "force_open"
        /// Hold the breaker in metrics-only mode.
        case disable
        /// Return an operator-held breaker to automatic operation.
        case release
        /// Move an open breaker to half-open at once and send the trial probe.
        case tryNow = "try_now"
        /// Stop polling.
        case pause
        /// Resume polling.
        case resume
    }

    /// Which endpoints a command applies to.
    public enum Target: Sendable, Equatable {
        /// One endpoint by name.
        case endpoint(String)
        /// Every endpoint of a group.
        case group(String)
        /// Every endpoint.
        case all
    }

    /// Creates a command, attributed to `author` (`nil`: the local user).
    public init(_ action: Action, _ target: Target, author: String? = nil) {
        self.action = action
        self.target = target
        self.author = author
    }
}
