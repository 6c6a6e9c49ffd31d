public import Foundation

/// How the dashboard runs: theme, glyphs, mouse, refresh rate. Filled from the command line.
public struct DashboardOptions: Sendable {
    /// `--theme`: a theme name or a path to a theme file (`nil`: `default`, or `mono` under `NO_COLOR`).
    public var theme: String?
    /// `--ascii`: draw ASCII only, whatever the locale.
    public var ascii: Bool
    /// `--no-color`: start in the mono theme (as `NO_COLOR` does) unless a theme is given.
    public var noColor: Bool
    /// Mouse reporting at start (`--no-mouse` turns it off; `m` toggles).
    public var mouse: Bool
    /// How often the screen is refreshed from the source at start (`+`/`-` change it).
    public var refreshInterval: Duration
    /// Sparkline style.
    public var sparkline: Sparkline.Mode
    /// The environment (`TERM`, `NO_COLOR`, `XDG_CONFIG_HOME`, `HOME`).
    public var environment: [String: String]
    /// Theme directories to search; `nil` uses ``ThemeCatalog/searchDirectories(environment:executablePath:sourceFile:)``.
    public var themeDirectories: [String]?
    /// Where to write what each frame cost (JSON, at exit), for benchmarks; `nil`: not measured.
    public var frameStatsPath: String?

    /// Creates options.
    public init(
        theme: String? = nil, ascii: Bool = false, noColor: Bool = false, mouse: Bool = true,
        refreshInterval: Duration = .seconds(1),
        sparkline: Sparkline.Mode = .blocks,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        themeDirectories: [String]? = nil,
        frameStatsPath: String? = nil
    ) {
        self.theme = theme
        self.ascii = ascii
        self.noColor = noColor
        self.mouse = mouse
        self.refreshInterval = refreshInterval
        self.sparkline = sparkline
        self.environment = environment
        self.themeDirectories = themeDirectories
        self.frameStatsPath = frameStatsPath
    }

    /// Whether colour is off: `--no-color`, or `NO_COLOR` set to a non-empty value (https://no-color.org).
    public var colorDisabled: Bool { noColor || !(environment["NO_COLOR"] ?? "").isEmpty }

    /// Loads the theme catalog and picks the starting theme: `--theme`, else `mono` under
    /// `--no-color` or `NO_COLOR`, else `default`. Fails with the theme file's error (file, line, key).
    public func resolveThemes() throws(ThemeError) -> (catalog: ThemeCatalog, index: Int) {
        var catalog = ThemeCatalog.load(
            from: themeDirectories ?? ThemeCatalog.searchDirectories(environment: environment))
        if let theme {
            let index = try catalog.select(theme)
            return (catalog, index)
        }
        let name = colorDisabled ? "mono" : "default"
        return (catalog, catalog.index(of: name) ?? 0)
    }
}
