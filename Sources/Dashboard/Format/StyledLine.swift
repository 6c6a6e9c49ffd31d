/// A run of text in one style.
public struct Segment: Sendable, Equatable {
    /// The text (sanitised when drawn).
    public var text: String
    /// Its style.
    public var style: Style

    /// Creates a segment.
    public init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }

    /// Creates a segment in `role`.
    public init(_ text: String, _ role: StyleRole, _ attributes: CellAttributes = []) {
        self.text = text
        self.style = Style(role, attributes)
    }
}

/// One line of mixed styles: what the text panes (detail, help, events) are built from.
///
/// Panes build lines first and draw only the window that fits, which makes scrolling a matter
/// of choosing a slice.
public struct StyledLine: Sendable, Equatable {
    /// The segments, left to right.
    public var segments: [Segment]

    /// Creates a line.
    public init(_ segments: [Segment] = []) { self.segments = segments }

    /// Creates a one-segment line.
    public init(_ text: String, _ role: StyleRole = .normal, _ attributes: CellAttributes = []) {
        self.segments = [Segment(text, role, attributes)]
    }

    /// Appends a segment.
    public mutating func append(
        _ text: String, _ role: StyleRole = .normal, _ attributes: CellAttributes = []
    ) {
        segments.append(Segment(text, role, attributes))
    }

    /// The line's plain text.
    public var text: String { segments.map(\.text).joined() }

    /// An empty line.
    public static let blank = StyledLine()
}
