/// How one role looks: foreground, background and attributes.
public struct RoleStyle: Sendable, Hashable {
    /// Text colour.
    public var foreground: ThemeColor
    /// Background colour.
    public var background: ThemeColor
    /// Attributes (bold, underline, reverse…).
    public var attributes: CellAttributes

    /// Creates a role style.
    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
        attributes: CellAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A loaded theme: every ``StyleRole`` resolved to a ``RoleStyle``.
///
/// Roles a file leaves out inherit, field by field, from their ``StyleRole/fallback`` (and in
/// the end from `normal`), so a theme can be a dozen lines.
public struct Theme: Sendable, Equatable {
    /// The theme's name (`--theme` and the `t` key use it).
    public var name: String
    /// Where it was loaded from (a path, or `built-in`).
    public var origin: String
    /// Every role, resolved.
    public var styles: [StyleRole: RoleStyle]

    /// Creates a theme from resolved styles.
    public init(name: String, origin: String, styles: [StyleRole: RoleStyle]) {
        self.name = name
        self.origin = origin
        self.styles = styles
    }

    /// The style of `role`.
    public func style(_ role: StyleRole) -> RoleStyle { styles[role] ?? RoleStyle() }

    /// Whether the theme uses any colour (mono does not).
    public var usesColor: Bool {
        styles.values.contains { $0.foreground != .terminalDefault || $0.background != .terminalDefault }
    }
}
