public import Resilience

/// What a piece of text means on screen; a theme maps each role to colours and attributes.
///
/// Panes never name colours, only roles, so that one layout serves every theme, 8-colour
/// terminals and `NO_COLOR` alike. The raw value is the key used in theme files.
public enum StyleRole: String, Sendable, Hashable, CaseIterable, BitwiseCopyable {
    /// Ordinary text on the pane background.
    case normal
    /// Secondary text: units, separators, placeholders.
    case muted
    /// Pane borders.
    case border
    /// The border of the focused pane.
    case borderFocused = "border_focused"
    /// Pane titles.
    case title
    /// The title of the focused pane.
    case titleFocused = "title_focused"
    /// The header line.
    case header
    /// Emphasised parts of the header (the source name, counts).
    case headerAccent = "header_accent"
    /// Column headings of tables.
    case tableHeader = "table_header"
    /// The sorted column's heading.
    case tableHeaderSorted = "table_header_sorted"
    /// The selected row when its pane has focus.
    case selection
    /// The selected row when another pane has focus.
    case selectionInactive = "selection_inactive"
    /// A closed breaker (healthy).
    case stateClosed = "state_closed"
    /// A half-open breaker (trial calls).
    case stateHalfOpen = "state_half_open"
    /// An open breaker (failing fast).
    case stateOpen = "state_open"
    /// A breaker held open by an operator.
    case stateForcedOpen = "state_forced_open"
    /// A breaker held in metrics-only mode.
    case stateDisabled = "state_disabled"
    /// A good value (high success rate, fast).
    case good
    /// A value worth a look.
    case warn
    /// A bad value (low success rate, errors).
    case bad
    /// The filled part of a bar.
    case bar
    /// The empty part of a bar.
    case barEmpty = "bar_empty"
    /// A bar past its warning level (queue nearly full).
    case barWarn = "bar_warn"
    /// The low third of a sparkline or histogram.
    case graphLow = "graph_low"
    /// The middle third of a sparkline or histogram.
    case graphMid = "graph_mid"
    /// The top third of a sparkline or histogram.
    case graphHigh = "graph_high"
    /// The key bar's background and descriptions.
    case keyBar = "key_bar"
    /// A key name in the key bar or help.
    case keyBarKey = "key_bar_key"
    /// Overlays: the help box and the confirmation prompt.
    case overlay
    /// The question of a confirmation prompt.
    case prompt
    /// The filter text and its editing cursor.
    case filter
    /// Event timestamps.
    case eventTime = "event_time"
    /// Operator actions in the events pane.
    case eventOperator = "event_operator"
    /// Errors in the events pane.
    case eventError = "event_error"
    /// Informational events.
    case eventInfo = "event_info"
    /// Config reloads.
    case eventReload = "event_reload"
    /// Markers such as PAUSED and FROZEN.
    case marker
    /// Warnings that must stand out (`tls_verify: false`).
    case warning

    /// The role used when a theme does not define this one (`nil` for ``normal``).
    public var fallback: StyleRole? {
        switch self {
        case .normal: nil
        case .borderFocused: .border
        case .titleFocused: .title
        case .headerAccent: .header
        case .tableHeaderSorted: .tableHeader
        case .selectionInactive: .selection
        case .barWarn: .warn
        case .graphMid: .graphLow
        case .graphHigh: .graphMid
        case .keyBarKey: .keyBar
        case .prompt: .overlay
        case .eventOperator, .eventReload, .eventInfo: .eventTime
        case .eventError: .bad
        case .warning: .bad
        default: .normal
        }
    }

    /// The role that colours a breaker state.
    public static func state(_ state: BreakerState) -> StyleRole {
        switch state {
        case .closed: .stateClosed
        case .halfOpen: .stateHalfOpen
        case .open: .stateOpen
        case .forcedOpen: .stateForcedOpen
        case .disabled: .stateDisabled
        }
    }
}
