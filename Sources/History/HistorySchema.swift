/// The history database's schema, one migration per version.
///
/// `PRAGMA user_version` holds the version and `PRAGMA application_id` marks the file as
/// ethotop's. Opening applies the migrations above the file's version in one transaction; a
/// file from a newer ethotop is refused rather than guessed at.
///
/// Times are integer milliseconds since the epoch (`at`) or whole seconds (`start` of a bucket);
/// latencies integer microseconds. Buckets are keyed `(width, start, endpoint)` without a rowid,
/// so a time range is one index seek per width and rollups find their oldest window at once.
enum HistorySchema {
    /// `ETOP`, so a file of another application is never mistaken for ours.
    static let applicationID: Int64 = 0x4554_4F50

    /// The version this build writes.
    static var currentVersion: Int { migrations.count }

    /// `migrations[n]` takes a database from version `n` to `n + 1`.
    static let migrations: [String] = [
        // 1: endpoints, runs, transitions, operator actions, notes, per-endpoint buckets.
        """
        CREATE TABLE endpoints(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, grp TEXT);
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY, started INTEGER NOT NULL, last_write INTEGER, stopped INTEGER,
            pid INTEGER);
        CREATE TABLE transitions(
            at INTEGER NOT NULL, endpoint INTEGER NOT NULL, from_state TEXT NOT NULL,
            to_state TEXT NOT NULL, reason TEXT NOT NULL, failures INTEGER NOT NULL,
            failure_rate REAL, trips INTEGER NOT NULL);
        CREATE INDEX transitions_at ON transitions(at);
        CREATE TABLE actions(
            at INTEGER NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
            endpoint TEXT);
        CREATE INDEX actions_at ON actions(at);
        CREATE TABLE notes(at INTEGER NOT NULL, kind TEXT NOT NULL, endpoint TEXT, message TEXT NOT NULL);
        CREATE INDEX notes_at ON notes(at);
        CREATE TABLE buckets(
            width INTEGER NOT NULL, start INTEGER NOT NULL, endpoint INTEGER NOT NULL,
            ok INTEGER NOT NULL, failed INTEGER NOT NULL, timeouts INTEGER NOT NULL,
            rejected INTEGER NOT NULL, retries INTEGER NOT NULL, p50 INTEGER NOT NULL,
            p90 INTEGER NOT NULL, p99 INTEGER NOT NULL, max INTEGER NOT NULL, down INTEGER NOT NULL,
            PRIMARY KEY(width, start, endpoint)) WITHOUT ROWID;
        """,
        // 2: the error kind of transitions and buckets (an incident's first failure), and
        // rate-limiter buckets.
        """
        ALTER TABLE transitions ADD COLUMN error_kind TEXT;
        ALTER TABLE buckets ADD COLUMN error_kind TEXT;
        CREATE TABLE rate_limits(
            width INTEGER NOT NULL, start INTEGER NOT NULL, name TEXT NOT NULL,
            depth_max INTEGER NOT NULL, peak INTEGER NOT NULL, rejected INTEGER NOT NULL,
            PRIMARY KEY(width, start, name)) WITHOUT ROWID;
        """,
        // 3: hourly totals per endpoint, kept beside the buckets (not rolled up), so a report over
        // a day reads 24 rows per endpoint instead of 1,440; filled from the existing buckets.
        """
        CREATE TABLE hours(
            start INTEGER NOT NULL, endpoint INTEGER NOT NULL, ok INTEGER NOT NULL, failed INTEGER NOT NULL,
            timeouts INTEGER NOT NULL, rejected INTEGER NOT NULL, retries INTEGER NOT NULL, p99 INTEGER NOT NULL,
            first_failed INTEGER NOT NULL, PRIMARY KEY(start, endpoint)) WITHOUT ROWID;
        INSERT INTO hours
        SELECT start / 3600 * 3600, endpoint, sum(ok), sum(failed), sum(timeouts), sum(rejected), sum(retries),
          max(p99), coalesce(min(CASE WHEN failed > 0 THEN start END), 9223372036854775807)
        FROM buckets GROUP BY start / 3600, endpoint;
        """,
    ]
}
