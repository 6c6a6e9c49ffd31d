public import ArgumentParser
public import Logging

/// Options every command takes: which config, how much to log.
struct CommonOptions: ParsableArguments {
    @Option(
        name: .long, help: "Config file (else $ETHOTOP_CONFIG, else $XDG_CONFIG_HOME/ethotop/config.yaml).",
        completion: .file(extensions: ["yaml", "yml"]))
    var config: String?

    @Option(
        name: .long,
        help: "How much to write to $XDG_STATE_HOME/ethotop/ethotop.log (never to the terminal).")
    var logLevel: Logger.Level = .info
}

/// The dashboard's display options.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "Theme name (a file in themes/).")
    var theme: String?

    @Flag(name: .long, help: "No colour (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .long, help: "ASCII glyphs only (for terminals without UTF-8).")
    var ascii = false

    @Flag(name: .long, help: "Start with mouse reporting off, so the terminal selects text (m toggles it).")
    var noMouse = false

    /// For benchmarks (bench/scale_dashboard.sh), so hidden from `--help`.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write each frame's build/paint cost percentiles (JSON) to FILE at exit.", visibility: .hidden))
    var frameStats: String?

    /// The dashboard's options, with the refresh interval from ``RefreshOptions``.
    func dashboardOptions(refresh: RefreshOptions) -> DashboardOptions {
        DashboardOptions(
            theme: theme, refresh: refresh.refresh?.duration, noColor: noColor, ascii: ascii,
            mouse: !noMouse, frameStats: frameStats)
    }
}

/// `--refresh`, shared by the dashboard, `demo` and `watch`.
///
/// Its own group, always declared as `@OptionGroup var timing`, so that the root command and a
/// subcommand resolve `--refresh` to the same key (ArgumentParser matches options by property
/// path; two different paths with one flag name would hand the value to the root only).
struct RefreshOptions: ParsableArguments {
    @Option(name: .long, help: "Refresh interval, e.g. 250ms or 1s (default: the config's refresh).")
    var refresh: DurationArgument?
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Output formats of `ethotop snapshot`.
enum SnapshotFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case table
}
