import Monitor

extension DashboardState {
    /// Applies one key and answers what the app must do.
    ///
    /// Modes take precedence in this order: `Ctrl-C` always quits; a pending confirmation
    /// takes the next key (`y` confirms, anything else cancels: the default is No); the help
    /// overlay takes keys until closed; filter editing takes printable keys as text; otherwise
    /// the key map of docs/DASHBOARD.md applies to the focused pane.
    public mutating func handle(_ key: Key) -> [DashboardAction] {
        if key == .control("c") { return [.quit] }
        if key == .resize { return [] }
        if let confirmation = pendingConfirmation {
            pendingConfirmation = nil
            if key == .character("y") || key == .character("Y") { return [.send(confirmation.command)] }
            return [.notice("cancelled: " + confirmation.question)]
        }
        if overlay == .help { return handleHelp(key) }
        if isEditingFilter { return handleFilter(key) }
        return handleNormal(key)
    }

    private mutating func handleHelp(_ key: Key) -> [DashboardAction] {
        switch key {
        case .character("?"), .character("q"), .escape, .enter: overlay = nil
        case .up, .character("k"): helpScroll = max(0, helpScroll - 1)
        case .down, .character("j"):
            helpScroll = clamp(helpScroll + 1, measured.helpLines - measured.helpVisible)
        case .pageUp: helpScroll = max(0, helpScroll - max(1, measured.helpVisible - 1))
        case .pageDown:
            helpScroll = clamp(
                helpScroll + max(1, measured.helpVisible - 1), measured.helpLines - measured.helpVisible)
        case .control("l"): return [.redraw]
        default: break
        }
        return []
    }

    private mutating func handleFilter(_ key: Key) -> [DashboardAction] {
        switch key {
        case .enter, .tab:
            isEditingFilter = false
        case .escape:
            isEditingFilter = false
            filterText = ""
        case .backspace, .delete:
            if !filterText.isEmpty { filterText.removeLast() }
        case .control("u"):
            filterText = ""
        case .character(let character):
            if filterText.count < 200 { filterText.append(character) }
        case .up, .down, .pageUp, .pageDown:
            return handleMove(key)
        case .control("l"):
            return [.redraw]
        default:
            break
        }
        return []
    }

    private mutating func handleNormal(_ key: Key) -> [DashboardAction] {
        switch key {
        case .character("q"): return [.quit]
        case .character("?"):
            overlay = .help
            helpScroll = 0
        case .tab: focus = focus.next
        case .backTab: focus = focus.previous
        case .character("1"), .character("2"), .character("3"), .character("4"):
            if case .character(let digit) = key, let pane = Focus.allCases.first(where: { $0.key == digit }) {
                focus = pane
            }
        case .enter: focus = focus == .endpoints ? .detail : .endpoints
        case .escape:
            if !filterText.isEmpty {
                filterText = ""
            } else {
                focus = .endpoints
            }
        case .character("/"):
            focus = .endpoints
            isEditingFilter = true
        case .character("s"):
            sortColumn = sortColumn.next
            sortDescending = sortColumn.defaultDescending
        case .character("S"): sortDescending.toggle()
        case .character("t"):
            themeIndex = (themeIndex + 1) % max(1, themeCount)
            return [.themeChanged(themeIndex)]
        case .character("f"):
            isFrozen.toggle()
            return [.freezeChanged(isFrozen)]
        case .character("+"), .character("="): return stepRefresh(faster: true)
        case .character("-"), .character("_"): return stepRefresh(faster: false)
        case .character("m"):
            mouseEnabled.toggle()
            return [.mouseChanged(mouseEnabled)]
        case .control("l"): return [.redraw]
        case .character("R"): pendingConfirmation = .resetAll
        case .character("P"): pendingConfirmation = pausedAll ? .resumeAll : .pauseAll
        case .character("r"), .character("o"), .character("d"), .character("n"), .character(" "):
            return breakerCommand(key)
        case .mouse(let event): return handleMouse(event)
        default: return handleMove(key)
        }
        return []
    }

    /// `r`, `o`, `d`, `n`, space on the selected endpoint; `o` and `d` release a breaker already
    /// held in that state, space resumes a paused endpoint.
    private func breakerCommand(_ key: Key) -> [DashboardAction] {
        guard focus == .endpoints || focus == .detail else {
            return [.notice("breaker keys work in the endpoints and detail panes")]
        }
        guard let endpoint = selectedEndpoint else { return [.notice("no endpoint selected")] }
        let target = ControlCommand.Target.endpoint(endpoint.name)
        let state = endpoint.breaker.state
        let action: ControlCommand.Action
        switch key {
        case .character("r"): action = .reset
        case .character("o"): action = state == .forcedOpen ? .release : .forceOpen
        case .character("d"): action = state == .disabled ? .release : .disable
        case .character("n"): action = .tryNow
        default: action = endpoint.paused ? .resume : .pause
        }
        return [.send(ControlCommand(action, target))]
    }

    private mutating func stepRefresh(faster: Bool) -> [DashboardAction] {
        let steps = Self.refreshSteps
        let current = steps.lastIndex(where: { $0 <= refreshInterval }) ?? 0
        let next = faster ? max(0, current - 1) : min(steps.count - 1, current + 1)
        refreshInterval = steps[next]
        return [.refreshChanged(refreshInterval)]
    }

    /// Movement keys, applied to the focused pane.
    private mutating func handleMove(_ key: Key) -> [DashboardAction] {
        let delta: Int
        switch key {
        case .up, .character("k"): delta = -1
        case .down, .character("j"): delta = 1
        case .pageUp: delta = -page(of: focus)
        case .pageDown: delta = page(of: focus)
        case .home, .character("g"): delta = Int.min / 2
        case .end, .character("G"): delta = Int.max / 2
        default: return []
        }
        scroll(focus, by: delta)
        return []
    }

    /// Rows a page key moves in `pane` (one less than the visible rows, so a line stays for context).
    private func page(of pane: Focus) -> Int {
        let visible: Int
        switch pane {
        case .endpoints: visible = layout.endpointRows
        case .detail: visible = measured.detailVisible
        case .rateLimits: visible = measured.rateLimitVisible
        case .events: visible = measured.eventVisible
        }
        return max(1, visible - 1)
    }

    /// Moves the selection (endpoints) or the scroll position (other panes) by `delta` rows.
    mutating func scroll(_ pane: Focus, by delta: Int) {
        switch pane {
        case .endpoints:
            selectRow(selectedRow + delta)
            detailScroll = 0
        case .detail:
            detailScroll = clamp(detailScroll + delta, measured.detailLines - measured.detailVisible)
        case .rateLimits:
            rateLimitScroll = clamp(
                rateLimitScroll + delta, measured.rateLimitLines - measured.rateLimitVisible)
        case .events:
            // Down moves towards the newest event, which is at the bottom.
            eventScroll = clamp(eventScroll - delta, measured.eventLines - measured.eventVisible)
        }
    }

    /// Click focuses the pane under the pointer (and selects the row in the table); the wheel
    /// scrolls the pane under the pointer by three rows.
    private mutating func handleMouse(_ event: MouseEvent) -> [DashboardAction] {
        guard let pane = layout.pane(atX: event.x, y: event.y) else { return [] }
        switch event.kind {
        case .click:
            focus = pane
            if pane == .endpoints, let rect = layout.endpoints {
                let row = event.y - rect.y - 2
                if row >= 0, row < layout.endpointRows, endpointScroll + row < order.count {
                    selectRow(endpointScroll + row)
                    detailScroll = 0
                }
            }
        case .wheelUp:
            if pane == .endpoints { scrollTable(by: -3) } else { scroll(pane, by: -3) }
        case .wheelDown:
            if pane == .endpoints { scrollTable(by: 3) } else { scroll(pane, by: 3) }
        }
        return []
    }
}
