import Foundation

extension HistoryStore {
    /// Writes `batch` in one transaction, and notes the time of the run's last write (what the
    /// next start reports if this process is killed).
    public func write(_ batch: HistoryBatch) throws(SQLiteError) {
        try db.transaction { () throws(SQLiteError) in
            for transition in batch.transitions {
                let id = try endpointID(transition.endpoint, group: transition.group)
                try statement(
                    """
                    INSERT INTO transitions(at, endpoint, from_state, to_state, reason, failures, failure_rate,
                      trips, error_kind) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
                ).run([
                    .int(millis(transition.at)), .int(id), .text(transition.from), .text(transition.to),
                    .text(transition.reason), .integer(transition.consecutiveFailures),
                    transition.failureRate.map { .double($0) } ?? .null, .integer(transition.trips),
                    .optional(transition.errorKind),
                ])
            }
            for action in batch.actions {
                try statement("INSERT INTO actions(at, who, action, target, endpoint) VALUES(?, ?, ?, ?, ?)")
                    .run([
                        .int(millis(action.at)), .text(action.who), .text(action.action),
                        .text(action.target),
                        .optional(action.endpoint),
                    ])
            }
            for note in batch.notes {
                try statement("INSERT INTO notes(at, kind, endpoint, message) VALUES(?, ?, ?, ?)").run([
                    .int(millis(note.at)), .text(note.kind), .optional(note.endpoint), .text(note.message),
                ])
            }
            for bucket in batch.buckets {
                let id = try endpointID(bucket.endpoint, group: bucket.group)
                // A restart inside a bucket writes it twice: the new process counts from zero, so
                // the counts add up.
                try statement(
                    """
                    INSERT INTO buckets(width, start, endpoint, ok, failed, timeouts, rejected, retries, p50, p90,
                      p99, max, down, error_kind) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(width, start, endpoint) DO UPDATE SET ok = ok + excluded.ok,
                      failed = failed + excluded.failed, timeouts = timeouts + excluded.timeouts,
                      rejected = rejected + excluded.rejected, retries = retries + excluded.retries,
                      p50 = max(p50, excluded.p50), p90 = max(p90, excluded.p90), p99 = max(p99, excluded.p99),
                      max = max(max, excluded.max), down = min(width, down + excluded.down),
                      error_kind = coalesce(excluded.error_kind, error_kind)
                    """
                ).run([
                    .integer(bucket.width), .int(bucket.start), .int(id), .integer(bucket.succeeded),
                    .integer(bucket.failed), .integer(bucket.timeouts), .integer(bucket.rejected),
                    .integer(bucket.retries), .int(micros(bucket.p50Ms)), .int(micros(bucket.p90Ms)),
                    .int(micros(bucket.p99Ms)), .int(micros(bucket.maxMs)), .integer(bucket.downSeconds),
                    .optional(bucket.errorKind),
                ])
            }
            for bucket in batch.buckets {
                try statement(
                    """
                    INSERT INTO hours(start, endpoint, ok, failed, timeouts, rejected, retries, p99, first_failed)
                    VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(start, endpoint) DO UPDATE SET ok = ok + excluded.ok, failed = failed + excluded.failed,
                      timeouts = timeouts + excluded.timeouts, rejected = rejected + excluded.rejected,
                      retries = retries + excluded.retries, p99 = max(p99, excluded.p99),
                      first_failed = min(first_failed, excluded.first_failed)
                    """
                ).run([
                    .int(bucket.start / 3_600 * 3_600),
                    .int(try endpointID(bucket.endpoint, group: bucket.group)),
                    .integer(bucket.succeeded), .integer(bucket.failed), .integer(bucket.timeouts),
                    .integer(bucket.rejected), .integer(bucket.retries), .int(micros(bucket.p99Ms)),
                    .int(bucket.failed > 0 ? bucket.start : Int64.max),
                ])
            }
            for limit in batch.rateLimits {
                try statement(
                    """
                    INSERT INTO rate_limits(width, start, name, depth_max, peak, rejected) VALUES(?, ?, ?, ?, ?, ?)
                    ON CONFLICT(width, start, name) DO UPDATE SET depth_max = max(depth_max, excluded.depth_max),
                      peak = max(peak, excluded.peak), rejected = rejected + excluded.rejected
                    """
                ).run([
                    .integer(limit.width), .int(limit.start), .text(limit.name), .integer(limit.depthMax),
                    .integer(limit.peak), .integer(limit.rejected),
                ])
            }
            if let runID {
                try statement("UPDATE runs SET last_write = ? WHERE id = ?").run([
                    .int(millis(now())), .int(runID),
                ])
            }
        }
    }

    /// A cached prepared statement.
    func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let prepared = try db.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    /// The endpoint's row id, inserting it (or updating its group) as needed.
    func endpointID(_ name: String, group: String?) throws(SQLiteError) -> Int64 {
        if let id = endpointIDs[name] { return id }
        let upsert = try statement(
            "INSERT INTO endpoints(name, grp) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET grp = excluded.grp RETURNING id"
        )
        try upsert.bind([.text(name), .optional(group)])
        guard try upsert.step() else { throw SQLiteError(code: 1, message: "no id for endpoint \(name)") }
        let id = upsert.int(0)
        while try upsert.step() {}
        endpointIDs[name] = id
        return id
    }
}

/// Milliseconds as whole microseconds.
func micros(_ ms: Double) -> Int64 { ms.isFinite ? Int64((ms * 1_000).rounded()) : 0 }
