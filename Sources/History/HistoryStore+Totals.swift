extension HistoryStore {
    /// One endpoint's bucket sums over a range.
    struct Totals {
        var ok = 0
        var failed = 0
        var timeouts = 0
        var rejected = 0
        var retries = 0
        /// Largest p99, µs.
        var p99: Int64 = 0
        /// Start of the first bucket with a failure, seconds.
        var firstFailed: Int64?

        mutating func add(_ other: Totals) {
            ok += other.ok
            failed += other.failed
            timeouts += other.timeouts
            rejected += other.rejected
            retries += other.retries
            p99 = max(p99, other.p99)
            if let first = other.firstFailed { firstFailed = min(firstFailed ?? first, first) }
        }
    }

    static let widths = "width IN (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 600)"

    /// Every endpoint's sums over `[from, to)` (seconds): whole hours from the `hours` table,
    /// the ragged ends from the buckets. The hour holding "now" is read from `hours` too (nothing
    /// lies after now), so `--since 24h` reads 24 hourly rows per endpoint and one partial hour
    /// of fine buckets, whatever the number of endpoints.
    func bucketTotals(from: Int64, to: Int64) throws(SQLiteError) -> [Int64: Totals] {
        let nowSeconds = Int64(now().timeIntervalSince1970)
        let firstHour = (from + 3_599) / 3_600 * 3_600
        var lastHour = to / 3_600 * 3_600
        if to >= nowSeconds { lastHour = max(lastHour, nowSeconds / 3_600 * 3_600 + 3_600) }
        var totals: [Int64: Totals] = [:]
        if firstHour < lastHour {
            try accumulate(
                """
                SELECT endpoint, ok, failed, timeouts, rejected, retries, p99,
                  CASE WHEN first_failed < 9223372036854775807 THEN first_failed END
                FROM hours WHERE start >= ? AND start < ?
                """, [.int(firstHour), .int(lastHour)], into: &totals)
            try fine(from: from, to: firstHour, into: &totals)
            if lastHour < to { try fine(from: lastHour, to: to, into: &totals) }
        } else {
            try fine(from: from, to: to, into: &totals)
        }
        return totals
    }

    /// Buckets overlapping `[from, to)`.
    private func fine(from: Int64, to: Int64, into totals: inout [Int64: Totals]) throws(SQLiteError) {
        guard from < to else { return }
        try accumulate(
            """
            SELECT endpoint, ok, failed, timeouts, rejected, retries, p99, CASE WHEN failed > 0 THEN start END
            FROM buckets WHERE \(Self.widths) AND start >= ? AND start < ? AND start + width > ?
            """, [.int(from - 600), .int(to), .int(from)], into: &totals)
    }

    /// Sums rows in Swift (no temporary B-tree for a GROUP BY over millions of rows).
    private func accumulate(_ sql: String, _ values: [SQLiteValue], into totals: inout [Int64: Totals])
        throws(SQLiteError)
    {
        let rows = try statement(sql)
        try rows.bind(values)
        while try rows.step() {
            let row = Totals(
                ok: Int(rows.int(1)), failed: Int(rows.int(2)), timeouts: Int(rows.int(3)),
                rejected: Int(rows.int(4)), retries: Int(rows.int(5)), p99: rows.int(6),
                firstFailed: rows.isNull(7) ? nil : rows.int(7))
            totals[rows.int(0), default: Totals()].add(row)
        }
    }

    /// The error kind of the endpoint's failing bucket at or just before `start`.
    func errorKind(endpoint: Int64, near start: Int64) throws(SQLiteError) -> String? {
        let kind = try statement(
            """
            SELECT error_kind FROM buckets WHERE \(Self.widths) AND start > ? AND start <= ? AND endpoint = ?
              AND failed > 0 AND error_kind IS NOT NULL ORDER BY start LIMIT 1
            """)
        try kind.bind([.int(start - 600), .int(start), .int(endpoint)])
        let found = try kind.step() ? kind.text(0) : nil
        while try kind.step() {}
        return found
    }
}
