public import Monitor

/// What the app must do after a key: the side effects ``DashboardState`` cannot perform itself.
public enum DashboardAction: Sendable, Equatable {
    /// Send an operator command to the engine.
    case send(ControlCommand)
    /// Leave the dashboard (restoring the terminal).
    case quit
    /// Repaint the whole screen from scratch (`Ctrl-L`).
    case redraw
    /// Switch to the theme at this index of the catalog.
    case themeChanged(Int)
    /// Poll the snapshot source at this interval.
    case refreshChanged(Duration)
    /// Stop (`true`) or resume (`false`) updating the display; polling goes on.
    case freezeChanged(Bool)
    /// Turn mouse reporting on or off.
    case mouseChanged(Bool)
    /// Show a local message in the events pane (e.g. "cancelled", "no endpoint selected").
    case notice(String)
}

/// A question the dashboard asks before a sweeping command (default answer: No).
public enum Confirmation: Sendable, Equatable {
    /// Reset every breaker.
    case resetAll
    /// Pause polling of every endpoint.
    case pauseAll
    /// Resume polling of every endpoint.
    case resumeAll

    /// The question shown in the prompt.
    public var question: String {
        switch self {
        case .resetAll: "Reset ALL breakers to closed?"
        case .pauseAll: "Pause polling of ALL endpoints?"
        case .resumeAll: "Resume polling of ALL endpoints?"
        }
    }

    /// The command sent on `y`.
    public var command: ControlCommand {
        switch self {
        case .resetAll: ControlCommand(.reset, .all)
        case .pauseAll: ControlCommand(.pause, .all)
        case .resumeAll: ControlCommand(.resume, .all)
        }
    }
}

/// A full-screen overlay.
public enum Overlay: Sendable, Equatable {
    /// The key reference.
    case help
}
