public import Foundation

/// What `ethotop history` asks for: a time range and, optionally, one endpoint or one group.
public struct HistoryQuery: Sendable, Equatable {
    /// Start of the range (inclusive).
    public var from: Date
    /// End of the range (exclusive).
    public var to: Date
    /// Only this endpoint.
    public var endpoint: String?
    /// Only this group.
    public var group: String?

    /// Creates a query.
    public init(from: Date, to: Date, endpoint: String? = nil, group: String? = nil) {
        self.from = from
        self.to = to
        self.endpoint = endpoint
        self.group = group
    }
}

/// The answer: transitions, actions and events in the range, and each endpoint's summary.
public struct HistoryReport: Sendable, Equatable {
    /// One endpoint over the range.
    public struct EndpointSummary: Sendable, Equatable {
        /// The endpoint's name.
        public var name: String
        /// Its group.
        public var group: String?
        /// Probe counts summed over the range's buckets.
        public var succeeded = 0
        /// Failed attempts.
        public var failed = 0
        /// Timed-out attempts.
        public var timeouts = 0
        /// Rejected calls.
        public var rejected = 0
        /// Retries.
        public var retries = 0
        /// The largest p99 of the range's buckets, ms.
        public var p99MaxMs: Double = 0
        /// Seconds the breaker was not closed (open, half-open, forced open) within the range,
        /// from the recorded transitions.
        public var downtimeSeconds: Double = 0
        /// Times the breaker opened within the range.
        public var trips = 0
        /// The breaker's state at the end of the range (`closed` when nothing was recorded).
        public var stateAtEnd = "closed"
        /// The first failed bucket's start and error kind.
        public var firstFailure: (at: Date, kind: String?)?

        /// Creates a summary.
        public init(name: String, group: String?) {
            self.name = name
            self.group = group
        }

        /// Equal when every field is (the first failure compared by its parts).
        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.name == rhs.name && lhs.group == rhs.group && lhs.succeeded == rhs.succeeded
                && lhs.failed == rhs.failed && lhs.downtimeSeconds == rhs.downtimeSeconds
                && lhs.trips == rhs.trips
                && lhs.stateAtEnd == rhs.stateAtEnd && lhs.firstFailure?.at == rhs.firstFailure?.at
                && lhs.firstFailure?.kind == rhs.firstFailure?.kind
        }
    }

    /// A recorder run: when it started and stopped, and whether it stopped cleanly.
    public struct Run: Sendable, Equatable {
        /// Start.
        public var started: Date
        /// The last batch written.
        public var lastWrite: Date?
        /// Clean stop, or `nil` if it never stopped cleanly (killed) or is still running.
        public var stopped: Date?
        /// Whether this run is recording now (the last run, while its process holds the file).
        public var running = false
    }

    /// The query.
    public var query: HistoryQuery
    /// Endpoints with anything in the range, by name.
    public var endpoints: [EndpointSummary]
    /// Transitions, oldest first.
    public var transitions: [HistoryTransition]
    /// Operator actions, oldest first.
    public var actions: [HistoryAction]
    /// Other events, oldest first.
    public var notes: [HistoryNote]
    /// Recorder runs overlapping the range.
    public var runs: [Run]
}

extension HistoryStore {
    /// Reads everything `query` asks for.
    public func report(_ query: HistoryQuery) throws(SQLiteError) -> HistoryReport {
        let from = millis(query.from)
        let to = millis(query.to)
        let filter = "(? IS NULL OR e.name = ?) AND (? IS NULL OR e.grp = ?)"
        let filterValues: [SQLiteValue] = [
            .optional(query.endpoint), .optional(query.endpoint), .optional(query.group),
            .optional(query.group),
        ]
        var summaries: [String: HistoryReport.EndpointSummary] = [:]
        func summary(_ name: String, _ group: String?) -> HistoryReport.EndpointSummary {
            summaries[name] ?? HistoryReport.EndpointSummary(name: name, group: group)
        }

        // The state each endpoint was in when the range began.
        var stateAt: [String: (state: String, since: Int64)] = [:]
        let before = try db.prepare(
            """
            SELECT e.name, e.grp, t.to_state, max(t.at) FROM transitions t JOIN endpoints e ON e.id = t.endpoint
            WHERE t.at < ? AND \(filter) GROUP BY t.endpoint
            """)
        try before.bind([.int(from)] + filterValues)
        while try before.step() {
            let name = before.text(0) ?? ""
            stateAt[name] = (before.text(2) ?? "closed", from)
            summaries[name] = summary(name, before.text(1))
        }

        var transitions: [HistoryTransition] = []
        let rows = try db.prepare(
            """
            SELECT t.at, e.name, e.grp, t.from_state, t.to_state, t.reason, t.failures, t.failure_rate, t.trips,
              t.error_kind
            FROM transitions t JOIN endpoints e ON e.id = t.endpoint
            WHERE t.at >= ? AND t.at < ? AND \(filter) ORDER BY t.at, t.rowid
            """)
        try rows.bind([.int(from), .int(to)] + filterValues)
        while try rows.step() {
            let transition = HistoryTransition(
                at: date(rows.int(0)), endpoint: rows.text(1) ?? "", group: rows.text(2),
                from: rows.text(3) ?? "",
                to: rows.text(4) ?? "", reason: rows.text(5) ?? "", consecutiveFailures: Int(rows.int(6)),
                failureRate: rows.isNull(7) ? nil : rows.double(7), trips: Int(rows.int(8)),
                errorKind: rows.text(9))
            transitions.append(transition)
            var entry = summary(transition.endpoint, transition.group)
            let previous = stateAt[transition.endpoint] ?? ("closed", from)
            if Self.isDown(previous.state) {
                entry.downtimeSeconds += Double(rows.int(0) - previous.since) / 1_000
            }
            if transition.to == "open" && transition.from == "closed" { entry.trips += 1 }
            if transition.to == "open", entry.firstFailure == nil {
                entry.firstFailure = (transition.at, transition.errorKind)
            }
            stateAt[transition.endpoint] = (transition.to, rows.int(0))
            summaries[transition.endpoint] = entry
        }
        let end = min(to, millis(now()))
        for (name, state) in stateAt {
            var entry = summary(name, nil)
            entry.stateAtEnd = state.state
            if Self.isDown(state.state) { entry.downtimeSeconds += Double(max(0, end - state.since)) / 1_000 }
            summaries[name] = entry
        }

        var names: [Int64: (name: String, group: String?)] = [:]
        let endpointRows = try db.prepare("SELECT e.id, e.name, e.grp FROM endpoints e WHERE \(filter)")
        try endpointRows.bind(filterValues)
        while try endpointRows.step() {
            names[endpointRows.int(0)] = (endpointRows.text(1) ?? "", endpointRows.text(2))
        }
        let fromSeconds = from / 1_000
        for (id, totals) in try bucketTotals(from: fromSeconds, to: (to + 999) / 1_000) {
            guard let (name, group) = names[id] else { continue }
            var entry = summary(name, group)
            entry.group = group
            entry.succeeded = totals.ok
            entry.failed = totals.failed
            entry.timeouts = totals.timeouts
            entry.rejected = totals.rejected
            entry.retries = totals.retries
            entry.p99MaxMs = Double(totals.p99) / 1_000
            // The first failure: the earliest failing bucket if it precedes the first opening.
            if let first = totals.firstFailed {
                let at = Date(timeIntervalSince1970: Double(max(first, fromSeconds)))
                if entry.firstFailure == nil || at < (entry.firstFailure?.at ?? at) {
                    entry.firstFailure = (
                        at, try errorKind(endpoint: id, near: first) ?? entry.firstFailure?.kind
                    )
                }
            }
            summaries[name] = entry
        }

        return HistoryReport(
            query: query,
            endpoints: summaries.values.sorted { $0.name < $1.name },
            transitions: transitions,
            actions: try actions(from: from, to: to, query: query),
            notes: try notes(from: from, to: to, query: query),
            runs: try runs(from: from, to: to))
    }

    static func isDown(_ state: String) -> Bool {
        state == "open" || state == "half_open" || state == "forced_open"
    }

    private func actions(from: Int64, to: Int64, query: HistoryQuery) throws(SQLiteError) -> [HistoryAction] {
        let rows = try db.prepare(
            """
            SELECT a.at, a.who, a.action, a.target, a.endpoint FROM actions a LEFT JOIN endpoints e ON e.name = a.endpoint
            WHERE a.at >= ? AND a.at < ? AND (? IS NULL OR a.endpoint = ? OR a.endpoint IS NULL)
              AND (? IS NULL OR e.grp = ? OR a.endpoint IS NULL) ORDER BY a.at, a.rowid
            """)
        try rows.bind([
            .int(from), .int(to), .optional(query.endpoint), .optional(query.endpoint),
            .optional(query.group),
            .optional(query.group),
        ])
        var result: [HistoryAction] = []
        while try rows.step() {
            result.append(
                HistoryAction(
                    at: date(rows.int(0)), who: rows.text(1) ?? "", action: rows.text(2) ?? "",
                    target: rows.text(3) ?? "", endpoint: rows.text(4)))
        }
        return result
    }

    private func notes(from: Int64, to: Int64, query: HistoryQuery) throws(SQLiteError) -> [HistoryNote] {
        let rows = try db.prepare(
            """
            SELECT at, kind, endpoint, message FROM notes
            WHERE at >= ? AND at < ? AND (? IS NULL OR endpoint = ? OR endpoint IS NULL) ORDER BY at, rowid
            """)
        try rows.bind([.int(from), .int(to), .optional(query.endpoint), .optional(query.endpoint)])
        var result: [HistoryNote] = []
        while try rows.step() {
            result.append(
                HistoryNote(
                    at: date(rows.int(0)), kind: rows.text(1) ?? "", endpoint: rows.text(2),
                    message: rows.text(3) ?? ""))
        }
        return result
    }

    private func runs(from: Int64, to: Int64) throws(SQLiteError) -> [HistoryReport.Run] {
        let rows = try db.prepare(
            """
            SELECT started, last_write, stopped FROM runs
            WHERE started < ? AND coalesce(stopped, last_write, started) >= ? ORDER BY id
            """)
        try rows.bind([.int(to), .int(from)])
        var result: [HistoryReport.Run] = []
        while try rows.step() {
            result.append(
                HistoryReport.Run(
                    started: date(rows.int(0)), lastWrite: rows.isNull(1) ? nil : date(rows.int(1)),
                    stopped: rows.isNull(2) ? nil : date(rows.int(2))))
        }
        let last = try db.scalar("SELECT coalesce(max(started), 0) FROM runs")
        if writerActive, let index = result.indices.last, millis(result[index].started) == last,
            result[index].stopped == nil
        {
            result[index].running = true
        }
        return result
    }
}
