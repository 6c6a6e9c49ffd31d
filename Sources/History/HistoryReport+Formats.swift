public import Foundation
import Monitor

extension HistoryReport {
    /// The report as JSON (docs/JSON.md, "ethotop history"): one object, keys sorted, times RFC 3339.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(HistoryReportDTO(self)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A plain table per endpoint, then the transitions and actions, for a terminal.
    public func table() -> String {
        var out = "history \(Self.clock(query.from)) → \(Self.clock(query.to))\n\n"
        var rows = [["ENDPOINT", "GROUP", "STATE", "DOWN", "TRIPS", "OK", "FAILED", "REJECTED", "P99 MAX"]]
        for endpoint in endpoints {
            rows.append([
                endpoint.name, endpoint.group ?? "-", endpoint.stateAtEnd,
                Self.duration(endpoint.downtimeSeconds),
                "\(endpoint.trips)", "\(endpoint.succeeded)", "\(endpoint.failed)", "\(endpoint.rejected)",
                String(format: "%.1fms", endpoint.p99MaxMs),
            ])
        }
        out += Self.align(rows)
        if !timeline.isEmpty {
            out += "\n"
            out += Self.align([["TIME", "WHAT"]] + timeline.map { [Self.clock($0.at), $0.line] })
        }
        return out
    }

    /// An incident timeline in Markdown, to paste into a ticket.
    public func markdown() -> String {
        var out = "## Incident timeline\n\n"
        var scope = "\(Self.clock(query.from)) to \(Self.clock(query.to)) (UTC)"
        if let endpoint = query.endpoint { scope += ", endpoint `\(Self.code(endpoint))`" }
        if let group = query.group { scope += ", group `\(Self.code(group))`" }
        out += "Window: \(scope).\n\n"
        let affected = endpoints.filter { $0.downtimeSeconds > 0 || $0.trips > 0 || $0.failed > 0 }
        out += "### Summary\n\n"
        if affected.isEmpty {
            out += "No failures recorded.\n\n"
        } else {
            out += "| Endpoint | Group | Downtime | Trips | First failure | Error kind | State at end |\n"
            out += "|---|---|---|---|---|---|---|\n"
            for endpoint in affected {
                let first = endpoint.firstFailure
                out +=
                    "| \(Self.cell(endpoint.name)) | \(Self.cell(endpoint.group ?? "")) | "
                    + "\(Self.duration(endpoint.downtimeSeconds)) | \(endpoint.trips) | "
                    + "\(first.map { Self.clock($0.at) } ?? "—") | \(Self.cell(first?.kind ?? "—")) | "
                    + "\(endpoint.stateAtEnd) |\n"
            }
            out += "\n"
        }
        out += "### Timeline\n\n"
        if timeline.isEmpty { out += "Nothing happened in this window.\n" }
        for entry in timeline { out += "- **\(Self.clock(entry.at))** \(Self.markdownText(entry.line))\n" }
        return out
    }

    /// Transitions, actions, notes and recorder starts/stops, merged in time order.
    var timeline: [(at: Date, line: String)] {
        var lines: [(at: Date, line: String, order: Int)] = []
        for transition in transitions {
            var line = "\(transition.endpoint): \(transition.from) → \(transition.to) — \(transition.reason)"
            if transition.to == "open", let kind = transition.errorKind { line += " (last error: \(kind))" }
            lines.append((transition.at, line, 1))
        }
        for action in actions {
            lines.append((action.at, "\(action.who) ran \(action.action) on \(action.target)", 2))
        }
        for note in notes { lines.append((note.at, "\(note.kind): \(note.message)", 3)) }
        for run in runs {
            if run.started >= query.from { lines.append((run.started, "recording started", 0)) }
            if let stopped = run.stopped, stopped < query.to {
                lines.append((stopped, "recording stopped", 4))
            } else if run.stopped == nil, !run.running, let last = run.lastWrite, last < query.to {
                lines.append((last, "recording ended without a clean stop (last write)", 4))
            }
        }
        return lines.sorted { ($0.at, $0.order) < ($1.at, $1.order) }.map {
            ($0.at, TextSanitizer.sanitize($0.line, maxLength: 500))
        }
    }

    /// `2026-03-01 14:02:05` in UTC.
    static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0,
            c.second ?? 0)
    }

    /// `1h 02m 05s`, `3m 20s`, `12s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3_600, total % 3_600 / 60, total % 60)
        if h > 0 { return String(format: "%dh %02dm %02ds", h, m, s) }
        if m > 0 { return String(format: "%dm %02ds", m, s) }
        return "\(s)s"
    }

    private static func align(_ rows: [[String]]) -> String {
        let clean = rows.map { $0.map { TextSanitizer.sanitize($0, maxLength: 200) } }
        let widths = (0..<(clean.first?.count ?? 0)).map { column in clean.map { $0[column].count }.max() ?? 0
        }
        return clean.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1
                    ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Text safe in a Markdown table cell.
    private static func cell(_ text: String) -> String {
        markdownText(text).replacingOccurrences(of: "|", with: "\\|")
    }

    /// Text inside backticks: no backticks.
    private static func code(_ text: String) -> String {
        TextSanitizer.sanitize(text, maxLength: 200).replacingOccurrences(of: "`", with: "'")
    }

    /// Text with Markdown's active characters escaped, so a hostile name cannot inject links or HTML.
    private static func markdownText(_ text: String) -> String {
        var out = ""
        for character in TextSanitizer.sanitize(text, maxLength: 500) {
            if "\\`*_[]<>#!|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
