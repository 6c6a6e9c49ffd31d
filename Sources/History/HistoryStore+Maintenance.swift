import Foundation

extension HistoryStore {
    /// What one maintenance step did.
    public struct MaintenanceResult: Sendable, Equatable {
        /// Windows rolled up into coarser buckets.
        public var windowsRolledUp = 0
        /// Rows deleted for retention.
        public var rowsDeleted = 0

        /// Whether the step found nothing to do.
        public var isIdle: Bool { windowsRolledUp == 0 && rowsDeleted == 0 }
    }

    /// One small step of rollups and retention: at most one window per width rolled up, at most
    /// an hour of buckets and 5,000 event rows deleted, each in its own short transaction, so the
    /// database is never locked for long. The writer calls it after each batch; it catches up
    /// after downtime at many times the rate data arrives.
    @discardableResult
    public func maintain() throws(SQLiteError) -> MaintenanceResult {
        var result = MaintenanceResult()
        let nowSeconds = Int64(now().timeIntervalSince1970)
        let tiers: [(from: Int, to: Int, after: Duration)] = [
            (policy.bucketSeconds, 60, policy.rawFor), (60, 600, policy.minutesFor),
        ].filter { $0.from < $0.to }
        for tier in tiers
        where try rollUpOldestWindow(tier.from, into: tier.to, before: nowSeconds - tier.after.seconds) {
            result.windowsRolledUp += 1
        }
        let cutoff = nowSeconds - policy.retention.seconds
        for width in Set([policy.bucketSeconds, 60, 600]).sorted() {
            result.rowsDeleted += try deleteOldest("buckets", width: width, before: cutoff)
        }
        result.rowsDeleted += try deleteOldest("rate_limits", width: nil, before: cutoff)
        result.rowsDeleted += try deleteOldest("hours", width: nil, before: cutoff / 3_600 * 3_600)
        for table in ["transitions", "actions", "notes"] {
            try db.run(
                "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE at < ? LIMIT 5000)",
                [.int(cutoff * 1_000)])
            result.rowsDeleted += db.changes
        }
        return result
    }

    /// Rolls the oldest `from`-wide window older than `before` into one `to`-wide bucket per
    /// endpoint; returns whether there was one. Percentiles combine conservatively: the median
    /// is averaged, p90, p99 and max take the largest.
    private func rollUpOldestWindow(_ from: Int, into to: Int, before: Int64) throws(SQLiteError) -> Bool {
        let oldest = try statement("SELECT min(start) FROM buckets WHERE width = ?")
        try oldest.bind([.integer(from)])
        guard try oldest.step(), !oldest.isNull(0) else { return false }
        let window = oldest.int(0) / Int64(to) * Int64(to)
        guard window + Int64(to) <= before else { return false }
        try db.transaction { () throws(SQLiteError) in
            try statement(
                """
                INSERT INTO buckets(width, start, endpoint, ok, failed, timeouts, rejected, retries, p50, p90, p99,
                  max, down, error_kind)
                SELECT ?, ?, endpoint, sum(ok), sum(failed), sum(timeouts), sum(rejected), sum(retries),
                  CAST(avg(p50) AS INTEGER), max(p90), max(p99), max(max), sum(down), max(error_kind)
                FROM buckets WHERE width = ? AND start >= ? AND start < ? GROUP BY endpoint
                ON CONFLICT(width, start, endpoint) DO UPDATE SET ok = ok + excluded.ok,
                  failed = failed + excluded.failed, timeouts = timeouts + excluded.timeouts,
                  rejected = rejected + excluded.rejected, retries = retries + excluded.retries,
                  p50 = max(p50, excluded.p50), p90 = max(p90, excluded.p90), p99 = max(p99, excluded.p99),
                  max = max(max, excluded.max), down = min(width, down + excluded.down),
                  error_kind = coalesce(excluded.error_kind, error_kind)
                """
            ).run([.integer(to), .int(window), .integer(from), .int(window), .int(window + Int64(to))])
            try statement("DELETE FROM buckets WHERE width = ? AND start >= ? AND start < ?").run([
                .integer(from), .int(window), .int(window + Int64(to)),
            ])
            try statement(
                """
                INSERT INTO rate_limits(width, start, name, depth_max, peak, rejected)
                SELECT ?, ?, name, max(depth_max), max(peak), sum(rejected)
                FROM rate_limits WHERE width = ? AND start >= ? AND start < ? GROUP BY name
                ON CONFLICT(width, start, name) DO UPDATE SET depth_max = max(depth_max, excluded.depth_max),
                  peak = max(peak, excluded.peak), rejected = rejected + excluded.rejected
                """
            ).run([.integer(to), .int(window), .integer(from), .int(window), .int(window + Int64(to))])
            try statement("DELETE FROM rate_limits WHERE width = ? AND start >= ? AND start < ?").run([
                .integer(from), .int(window), .int(window + Int64(to)),
            ])
        }
        return true
    }

    /// Deletes up to an hour of the oldest rows of `table` (of one width) older than `before`.
    private func deleteOldest(_ table: String, width: Int?, before: Int64) throws(SQLiteError) -> Int {
        let filter = width == nil ? "" : "WHERE width = \(width ?? 0)"
        let oldest = try db.scalar("SELECT coalesce(min(start), 0) FROM \(table) \(filter)")
        guard oldest > 0, oldest < before else { return 0 }
        let limit = min(before, oldest + 3_600)
        let clause = width == nil ? "" : "width = \(width ?? 0) AND"
        try db.run("DELETE FROM \(table) WHERE \(clause) start < ?", [.int(limit)])
        return db.changes
    }
}

extension Duration {
    /// Whole seconds.
    var seconds: Int64 { components.seconds }
}
