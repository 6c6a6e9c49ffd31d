/// Where ethotop keeps its state files, per the XDG Base Directory specification.
public enum StatePaths {
    /// `$XDG_STATE_HOME/ethotop`, or `~/.local/state/ethotop` when `XDG_STATE_HOME` is unset,
    /// empty or relative (the spec says to ignore a relative value); `nil` without a home.
    public static func stateDirectory(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return trimmingSlash(state) + "/ethotop"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return trimmingSlash(home) + "/.local/state/ethotop"
    }

    /// The log file: `<state directory>/ethotop.log`.
    public static func logFile(environment: [String: String]) -> String? {
        stateDirectory(environment: environment).map { $0 + "/ethotop.log" }
    }

    private static func trimmingSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path == "/" ? "" : path
    }
}
