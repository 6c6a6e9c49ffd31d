/// Where each pane goes for a terminal size.
///
/// Three arrangements, chosen by size:
/// - **wide** (≥ 180×40): table and detail side by side on top, rate limits over events below;
/// - **normal** (≥ 80×20): table on top, detail on the bottom left, rate limits over events on
///   the bottom right;
/// - **compact** (≥ 40×10): one pane at a time between header and key bar — the focused one,
///   so `Tab` (or `1`–`4`) flips through them.
/// Below the minimum, nothing but "terminal too small: need W×H" is drawn.
public struct Layout: Sendable, Equatable {
    /// The smallest size that draws panes.
    public static let minimumSize = Size(width: 40, height: 10)

    /// Which arrangement was chosen.
    public enum Mode: Sendable, Equatable {
        /// Below the minimum size.
        case tooSmall
        /// One pane at a time.
        case compact
        /// Table on top, three panes below.
        case normal
        /// Table and detail side by side.
        case wide
    }

    /// The terminal size.
    public var size: Size
    /// The arrangement.
    public var mode: Mode
    /// The header line.
    public var header: Rect
    /// The key bar line.
    public var keyBar: Rect
    /// The endpoints pane, when shown.
    public var endpoints: Rect?
    /// The detail pane, when shown.
    public var detail: Rect?
    /// The rate limits pane, when shown.
    public var rateLimits: Rect?
    /// The events pane, when shown.
    public var events: Rect?

    /// Lays out `size` with `focus` (which decides the pane shown in compact mode), room for
    /// `rateLimitCount` limiters, and a table no taller than `endpointCount` rows need.
    public init(size: Size, focus: Focus, rateLimitCount: Int, endpointCount: Int = .max) {
        self.size = size
        header = Rect(x: 0, y: 0, width: size.width, height: 1)
        keyBar = Rect(x: 0, y: max(0, size.height - 1), width: size.width, height: 1)
        endpoints = nil
        detail = nil
        rateLimits = nil
        events = nil
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            mode = .tooSmall
            header = Rect(x: 0, y: 0, width: 0, height: 0)
            keyBar = header
            return
        }
        let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
        let limiterRows = max(1, rateLimitCount) + 3
        // The table takes what its rows need (border, headings, rows), at most three fifths of
        // the body and at least enough for a few rows; the panes below get the rest.
        func tableHeight(_ share: Int) -> Int {
            let needed = endpointCount > body.height ? body.height : endpointCount + 3
            return max(min(7, share), min(needed, share))
        }
        if size.width >= 180 && size.height >= 40 {
            mode = .wide
            let (top, bottom) = body.splitTop(max(body.height / 2, tableHeight(body.height * 3 / 5)))
            let (table, side) = top.splitLeft(top.width - 72)
            endpoints = table
            detail = side
            let (limits, log) = bottom.splitTop(min(limiterRows, bottom.height / 2))
            rateLimits = limits
            events = log
        } else if size.width >= 80 && size.height >= 20 {
            mode = .normal
            let (top, bottom) = body.splitTop(tableHeight(body.height / 2))
            endpoints = top
            let (left, right) = bottom.splitLeft(bottom.width * 11 / 20)
            detail = left
            let (limits, log) = right.splitTop(min(limiterRows, right.height / 2))
            rateLimits = limits
            events = log
        } else {
            mode = .compact
            switch focus {
            case .endpoints: endpoints = body
            case .detail: detail = body
            case .rateLimits: rateLimits = body
            case .events: events = body
            }
        }
    }

    /// The rectangle of `pane`, if shown.
    public func rect(of pane: Focus) -> Rect? {
        switch pane {
        case .endpoints: endpoints
        case .detail: detail
        case .rateLimits: rateLimits
        case .events: events
        }
    }

    /// Rows of endpoints the table shows (inside the border, below the column headings).
    public var endpointRows: Int { max(0, (endpoints?.height ?? 0) - 3) }

    /// The pane under the cell (`x`, `y`), for mouse clicks.
    public func pane(atX x: Int, y: Int) -> Focus? {
        Focus.allCases.first { rect(of: $0)?.contains(x: x, y: y) == true }
    }
}
