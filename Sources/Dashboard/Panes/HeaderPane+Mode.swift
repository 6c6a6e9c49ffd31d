import Monitor

extension HeaderPane {
    /// Which mode is live, before the source's name: `standalone` (this process's engine),
    /// nothing for the demo (its source is `demo`), or the link to an agent:
    /// `attached to serve pid 812 on unix:/run/ethotop/control.sock since 13:40 · 2 screens`,
    /// `agent lost since 14:02:11, retrying in 2s` (in the warning style: what is on screen is
    /// stale), `attaching to unix:…` before the first hello.
    ///
    /// Shorter forms for narrower details, so the state counts keep their room; the full form
    /// outlasts the state words.
    static func mode(
        snapshot: Snapshot, detail: Detail, context: RenderContext
    ) -> (text: String, role: StyleRole)? {
        switch context.link {
        case .local:
            if snapshot.source == "demo" || detail == .minimal || detail == .noUptime { return nil }
            return ("standalone", .headerAccent)
        case .attached(let link):
            return attached(link, detail: detail, context: context)
        }
    }

    private static func attached(
        _ link: AttachedLink, detail: Detail, context: RenderContext
    ) -> (text: String, role: StyleRole) {
        // The link outranks the state words: those go first (`.noWords`), then the link's details.
        let full = detail == .full || detail == .noWords
        if let lost = link.lostSince {
            let verb = link.everConnected ? "agent lost" : "no agent at \(link.address)"
            var text =
                full ? "\(verb) since \(Format.clock(lost, utcOffset: context.utcOffset))" : "agent lost"
            if let retry = link.retryIn {
                text += retry > .zero ? ", retrying in \(Format.countdown(retry))" : ", retrying"
            }
            return (text, .warning)
        }
        guard link.isLive else {
            return (full ? "attaching to \(link.address)" : "attaching", .warning)
        }
        let pid = link.agentPID.map { " pid \($0)" } ?? ""
        if detail == .minimal { return ("attached\(pid)", .headerAccent) }
        // Without room for the address (a long socket path), the rest still says who and since when.
        var text = "attached to serve\(pid)" + (full ? " on \(link.address)" : "")
        if let since = link.attachedSince {
            text += " since " + Format.clock(since, utcOffset: context.utcOffset).prefix(5)
        }
        if let screens = link.screens {
            text += context.glyphs.separator + "\(screens) screen\(screens == 1 ? "" : "s")"
        }
        return (text, .headerAccent)
    }
}
