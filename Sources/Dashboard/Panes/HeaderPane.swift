import Monitor
import Resilience

/// The top line: source, uptime, endpoints by state, probes/s, a pool warning when probes wait
/// for connections, PAUSED/FROZEN markers, clock.
///
/// It answers "is anything wrong?" from across the room, so it degrades by dropping words
/// before numbers: at 40 columns it still shows every non-zero state as glyph + count.
enum HeaderPane {
    /// Draws the header into `rect` (one row); `counts` are the snapshot's endpoints per state
    /// (``SnapshotSummary/stateCounts``).
    static func draw(
        _ grid: inout CellGrid, rect: Rect, snapshot: Snapshot, counts: [BreakerState: Int], frozen: Bool,
        context: RenderContext
    ) {
        guard !rect.isEmpty else { return }
        grid.fill(rect, style: Style(.header))
        let clock = Format.clock(context.now, utcOffset: context.utcOffset)
        let clockWidth = clock.count + 1
        let room = rect.width - clockWidth - 2
        var chosen = StyledLine()
        for detail in Detail.allCases {
            let line = Self.line(
                snapshot: snapshot, counts: counts, frozen: frozen, detail: detail, context: context)
            chosen = line
            if grid.measure(line.text) <= room { break }
        }
        grid.put(
            chosen, x: rect.x + 1, y: rect.y,
            clip: Rect(x: rect.x, y: rect.y, width: max(0, room + 1), height: 1))
        if rect.width >= clockWidth + 1 {
            grid.put(clock, x: rect.maxX - clockWidth, y: rect.y, style: Style(.header))
        }
    }

    /// How much the header says, from most to least.
    enum Detail: CaseIterable {
        case full, noWords, noUptime, minimal
    }

    static func line(
        snapshot: Snapshot, counts: [BreakerState: Int], frozen: Bool, detail: Detail, context: RenderContext
    ) -> StyledLine {
        let glyphs = context.glyphs
        let separator = Segment(glyphs.separator, .header)
        var line = StyledLine()
        if detail == .full || detail == .noWords {
            line.append("ethotop", .headerAccent, [.bold])
            line.segments.append(separator)
        }
        if let mode = Self.mode(snapshot: snapshot, detail: detail, context: context) {
            line.append(mode.text, mode.role, [.bold])
            line.segments.append(separator)
        }
        line.append(snapshot.source, .headerAccent, [.bold])
        if detail != .minimal && detail != .noUptime {
            line.segments.append(separator)
            line.append("up " + Format.duration(snapshot.uptime), .header)
        }
        line.segments.append(separator)
        var first = true
        for state in Self.order {
            let count = counts[state] ?? 0
            if count == 0 && state != .closed && state != .open { continue }
            if !first { line.append(" ", .header) }
            first = false
            line.append(
                String(glyphs.glyph(for: state)) + " \(count)", count > 0 ? StyleRole.state(state) : .header)
            if detail == .full { line.append(" " + Glyphs.label(for: state), .header) }
        }
        if detail != .minimal {
            line.segments.append(separator)
            line.append(Format.rate(snapshot.scheduler.probesPerSecond) + " probes/s", .header)
        }
        if detail != .minimal, let pool = poolWarning(snapshot.pool, naming: detail == .full) {
            line.append(" ", .header)
            line.append(pool, .warning, [.bold])
        }
        if snapshot.pausedAll {
            line.append(" ", .header)
            line.append(" PAUSED ", .marker, [.bold])
        }
        if frozen {
            line.append(" ", .header)
            line.append(" FROZEN ", .marker, [.bold])
        }
        return line
    }

    /// ` POOL 100/100, 412 waiting (http://10.0.0.7:80 holds 50) `, or `nil` while nothing waits
    /// for a connection.
    ///
    /// When probes end as `pool_exhausted`, the endpoints showing it are victims; this names the
    /// host that holds the pool (the one with the most requests queued behind its share).
    static func poolWarning(_ pool: PoolSnapshot, naming: Bool) -> String? {
        guard pool.isSaturated else { return nil }
        var text = " POOL \(pool.inUse)/\(pool.maxConnections), \(pool.waiting) waiting"
        if naming, let host = pool.saturatedHosts.first {
            text += " (\(host.origin) holds \(host.inUse))"
        }
        return text + " "
    }

    /// The order states are counted in: healthy first, then by how far from healthy.
    static let order: [BreakerState] = [.closed, .halfOpen, .open, .forcedOpen, .disabled]
}
