public import Foundation
public import Monitor

/// What a frame needs besides the snapshot and the dashboard state.
public struct RenderContext: Sendable {
    /// Unicode or ASCII glyphs.
    public var glyphs: Glyphs
    /// Wall-clock time for the header clock.
    public var now: Date
    /// Seconds east of UTC for the clock and event times (injected so tests are deterministic).
    public var utcOffset: Int
    /// How sparklines are drawn.
    public var sparkline: Sparkline.Mode
    /// The current theme's name (shown in the help overlay).
    public var themeName: String
    /// Where the snapshot comes from: the header says standalone, demo or attached (and lost).
    public var link: SourceLink

    /// Creates a context.
    public init(
        glyphs: Glyphs = .unicode, now: Date = Date(), utcOffset: Int = 0,
        sparkline: Sparkline.Mode = .blocks,
        themeName: String = "default", link: SourceLink = .local
    ) {
        self.glyphs = glyphs
        self.now = now
        self.utcOffset = utcOffset
        self.sparkline = sparkline
        self.themeName = themeName
        self.link = link
    }
}
