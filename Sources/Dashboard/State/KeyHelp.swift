/// The key reference: one list feeds both the help overlay and the key bar, so they cannot
/// disagree with each other (``DashboardState/handle(_:)`` is tested against the same keys).
enum KeyHelp {
    /// A key and what it does.
    struct Entry: Sendable {
        var keys: String
        var help: String
        /// A shorter label for the key bar (`nil`: not in the key bar).
        var short: String?
        /// Where the key bar shows it (empty: everywhere).
        var panes: Set<Focus>
    }

    /// A titled group of the help overlay.
    struct Section: Sendable {
        var title: String
        var entries: [Entry]
    }

    static func sections(glyphs: Glyphs) -> [Section] {
        let arrows = glyphs.arrowsUpDown
        let everywhere: Set<Focus> = []
        let table: Set<Focus> = [.endpoints, .detail]
        return [
            Section(
                title: "Move",
                entries: [
                    Entry(
                        keys: "\(arrows) j k", help: "move the selection / scroll the focused pane",
                        short: "move", panes: everywhere),
                    Entry(keys: "PgUp PgDn", help: "a page up / down", short: nil, panes: everywhere),
                    Entry(keys: "g G Home End", help: "first / last row", short: nil, panes: everywhere),
                    Entry(
                        keys: glyphs.enterKey, help: "detail of the selected endpoint (again: back)",
                        short: "detail", panes: [.endpoints]),
                    Entry(
                        keys: "\(glyphs.tabKey) S-\(glyphs.tabKey)", help: "next / previous pane",
                        short: "pane", panes: everywhere),
                    Entry(
                        keys: "1 2 3 4", help: "focus endpoints / detail / rate limits / events", short: nil,
                        panes: everywhere),
                    Entry(
                        keys: "mouse", help: "click selects, wheel scrolls (m: on/off)", short: nil,
                        panes: everywhere),
                ]),
            Section(
                title: "Breakers (selected endpoint)",
                entries: [
                    Entry(keys: "r", help: "reset the breaker to closed", short: "reset", panes: table),
                    Entry(keys: "o", help: "force open (isolate) / release", short: "isolate", panes: table),
                    Entry(
                        keys: "d", help: "disable (metrics only) / release", short: "disable", panes: table),
                    Entry(keys: "n", help: "try now: send the trial probe", short: "try", panes: table),
                    Entry(
                        keys: glyphs.spaceKey, help: "pause / resume polling", short: "pause", panes: table),
                    Entry(keys: "R", help: "reset ALL breakers (asks y/N)", short: nil, panes: everywhere),
                    Entry(
                        keys: "P", help: "pause / resume ALL polling (asks y/N)", short: nil,
                        panes: everywhere),
                ]),
            Section(
                title: "View",
                entries: [
                    Entry(
                        keys: "/", help: "filter: name, group, group:x, state:open, paused", short: "filter",
                        panes: [.endpoints]),
                    Entry(
                        keys: "Esc", help: "clear the filter / back to the table", short: nil,
                        panes: everywhere),
                    Entry(
                        keys: "s S", help: "next sort column / reverse the sort", short: "sort",
                        panes: [.endpoints]),
                    Entry(keys: "t", help: "next theme", short: nil, panes: everywhere),
                    Entry(
                        keys: "f", help: "freeze the display (polling goes on)", short: "freeze",
                        panes: everywhere),
                    Entry(keys: "+ -", help: "refresh faster / slower", short: nil, panes: everywhere),
                    Entry(keys: "Ctrl-L", help: "redraw the screen", short: nil, panes: everywhere),
                ]),
            Section(
                title: "Other",
                entries: [
                    Entry(keys: "?", help: "this help", short: "help", panes: everywhere),
                    Entry(keys: "q Ctrl-C", help: "quit", short: "quit", panes: everywhere),
                ]),
        ]
    }

    /// (key, label) pairs for the key bar in the current mode.
    static func bar(for state: DashboardState, glyphs: Glyphs) -> [(String, String)] {
        if state.pendingConfirmation != nil { return [("y", "yes"), ("n Esc", "no (default)")] }
        if state.overlay == .help {
            return [(glyphs.arrowsUpDown, "scroll"), ("? Esc q", "close")]
        }
        if state.isEditingFilter {
            return [
                ("type", "name, group, state:open"), (glyphs.enterKey, "apply"), ("Esc", "clear"),
                ("^U", "erase"),
            ]
        }
        var pairs: [(String, String)] = []
        for section in sections(glyphs: glyphs) {
            for entry in section.entries {
                guard let short = entry.short, entry.panes.isEmpty || entry.panes.contains(state.focus) else {
                    continue
                }
                let key = entry.keys.split(separator: " ").first.map(String.init) ?? entry.keys
                var label = short
                if entry.keys == glyphs.enterKey && state.focus == .detail { label = "back" }
                if short == "move" && state.focus != .endpoints { label = "scroll" }
                pairs.append((key == glyphs.arrowsUpDown ? glyphs.arrowsUpDown : key, label))
            }
        }
        if state.focus == .detail, !pairs.contains(where: { $0.1 == "back" }) {
            pairs.insert((glyphs.enterKey, "back"), at: min(1, pairs.count))
        }
        return pairs
    }
}
