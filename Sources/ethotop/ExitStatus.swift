import ArgumentParser

/// ethotop's exit statuses (docs/CLI.md). ArgumentParser itself exits 64 on a usage error.
enum ExitStatus {
    /// Success.
    static let ok = ExitCode(0)
    /// A runtime failure: not yet wired, cannot bind, engine failed to start.
    static let failure = ExitCode(1)
    /// The configuration is invalid (every problem is printed, `FILE:LINE:COL: message`).
    static let configError = ExitCode(2)
    /// `snapshot --fail-on-open` found an open, half-open or forced-open breaker.
    static let breakerOpen = ExitCode(3)
}
