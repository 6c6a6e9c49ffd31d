public import Foundation

/// The history database: one SQLite file in WAL mode, owned by one thread.
///
/// ``HistoryWriter`` opens it for writing (holding an `flock`, so a second recorder is told the
/// file is busy rather than interleaving rows); `ethotop history` opens it for reading. Opening
/// checks the file first (``HistoryFile``), then the schema: a foreign or corrupt file and a newer
/// schema are refused and never written to; an older schema is migrated.
public final class HistoryStore {
    /// How long buckets are kept at each width, and how long anything is kept at all.
    public struct Policy: Sendable, Equatable {
        /// Width of the buckets written, in seconds (divides 60).
        public var bucketSeconds: Int
        /// Keep written buckets this long, then roll them up into 1-minute buckets.
        public var rawFor: Duration
        /// Keep 1-minute buckets this long, then roll them up into 10-minute buckets.
        public var minutesFor: Duration
        /// Delete everything older than this.
        public var retention: Duration

        /// The defaults: 10 s buckets for an hour, 1 min for a day, 10 min up to 7 days.
        public init(
            bucketSeconds: Int = 10, rawFor: Duration = .seconds(3_600),
            minutesFor: Duration = .seconds(86_400),
            retention: Duration = .seconds(7 * 86_400)
        ) {
            self.bucketSeconds = bucketSeconds
            self.rawFor = rawFor
            self.minutesFor = minutesFor
            self.retention = retention
        }
    }

    /// What opening for writing found about the previous run.
    public struct PreviousRun: Sendable, Equatable {
        /// When the previous run started.
        public var started: Date
        /// The last batch it committed.
        public var lastWrite: Date?
    }

    /// The file's path, as given.
    public let path: String
    /// Rollup and retention.
    public let policy: Policy
    let db: SQLiteConnection
    let now: @Sendable () -> Date
    private var file: HistoryFile
    var endpointIDs: [String: Int64] = [:]
    var statements: [String: SQLiteStatement] = [:]
    /// This process's row in `runs`, when writing.
    private(set) var runID: Int64?
    /// For a reader: whether a recorder holds the file now (so the last run is still running).
    public internal(set) var writerActive = false
    /// The previous run, if it ended without closing the store (killed, crashed, power cut).
    public private(set) var uncleanPrevious: PreviousRun?

    private init(
        path: String, policy: Policy, db: SQLiteConnection, file: HistoryFile,
        now: @escaping @Sendable () -> Date
    ) {
        self.path = path
        self.policy = policy
        self.db = db
        self.file = file
        self.now = now
    }

    deinit { file.release() }

    /// Opens (creating if needed) `path` for recording; marks this process's run.
    public static func openForWriting(
        path: String, policy: Policy = Policy(), now: @escaping @Sendable () -> Date = Date.init
    ) throws(HistoryFileError) -> HistoryStore {
        let file = try HistoryFile.prepareForWriting(path)
        do {
            let db = try SQLiteConnection(path: path, readOnly: false)
            let store = HistoryStore(path: path, policy: policy, db: db, file: file, now: now)
            try store.prepareSchema(isNew: file.isNew)
            _ = try db.scalar("PRAGMA journal_mode=WAL")
            try db.execute("PRAGMA synchronous=NORMAL")
            try store.beginRun()
            return store
        } catch let error as HistoryFileError {
            file.release()
            throw error
        } catch {
            file.release()
            throw classify(error, path: path)
        }
    }

    /// Opens an existing `path` for queries (migrating an older schema first).
    public static func openForReading(
        path: String, now: @escaping @Sendable () -> Date = Date.init
    ) throws(HistoryFileError) -> HistoryStore {
        try HistoryFile.checkForReading(path)
        do {
            let db = try SQLiteConnection(path: path, readOnly: false)
            let store = HistoryStore(path: path, policy: Policy(), db: db, file: HistoryFile(), now: now)
            try store.prepareSchema(isNew: false)
            store.writerActive = HistoryFile.isLockedByWriter(path)
            return store
        } catch let error as HistoryFileError {
            throw error
        } catch {
            throw classify(error, path: path)
        }
    }

    /// The schema version of the open file.
    public func schemaVersion() throws(HistoryFileError) -> Int {
        do {
            return Int(try db.scalar("PRAGMA user_version"))
        } catch {
            throw .io(path, detail: error.description)
        }
    }

    /// Copies the write-ahead log into the database file (benchmarks measure the file's size).
    public func checkpoint() throws(SQLiteError) {
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Marks this run as stopped cleanly and releases the writer's lock.
    public func close() {
        if let runID {
            try? db.run(
                "UPDATE runs SET stopped = ?, last_write = ? WHERE id = ?",
                [.int(millis(now())), .int(millis(now())), .int(runID)])
            try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.runID = nil
        }
        file.release()
        file = HistoryFile()
    }

    private func prepareSchema(isNew: Bool) throws {
        let version = Int(try db.scalar("PRAGMA user_version"))
        let application = try db.scalar("PRAGMA application_id")
        let tables = try db.scalar("SELECT count(*) FROM sqlite_master")
        if application != HistorySchema.applicationID {
            guard application == 0, version == 0, tables == 0 else {
                throw HistoryFileError.foreign(
                    path,
                    detail: application == 0
                        ? "an SQLite database of another program" : "application id \(application)")
            }
        }
        if version > HistorySchema.currentVersion {
            throw HistoryFileError.newerSchema(path, found: version, supported: HistorySchema.currentVersion)
        }
        guard version < HistorySchema.currentVersion else { return }
        try db.transaction { () throws(SQLiteError) in
            for step in version..<HistorySchema.currentVersion {
                try db.execute(HistorySchema.migrations[step])
            }
            try db.execute("PRAGMA application_id = \(HistorySchema.applicationID)")
            try db.execute("PRAGMA user_version = \(HistorySchema.currentVersion)")
        }
    }

    private func beginRun() throws(SQLiteError) {
        let previous = try db.prepare(
            "SELECT started, last_write, stopped FROM runs ORDER BY id DESC LIMIT 1")
        if try previous.step(), previous.isNull(2) {
            uncleanPrevious = PreviousRun(
                started: date(previous.int(0)), lastWrite: previous.isNull(1) ? nil : date(previous.int(1)))
        }
        let at = millis(now())
        try db.run(
            "INSERT INTO runs(started, last_write, pid) VALUES(?, ?, ?)",
            [.int(at), .int(at), .integer(Int(getpid()))])
        runID = try db.scalar("SELECT last_insert_rowid()")
    }

    static func classify(_ error: any Error, path: String) -> HistoryFileError {
        guard let sqlite = error as? SQLiteError else { return .io(path, detail: "\(error)") }
        switch sqlite.primary {
        case 26, 11:  // SQLITE_NOTADB, SQLITE_CORRUPT
            return .foreign(path, detail: "corrupt or not a database: \(sqlite.message)")
        default:
            return .io(path, detail: sqlite.message)
        }
    }
}

extension SQLiteConnection {
    /// Prepares and runs `sql` once with `values`.
    func run(_ sql: String, _ values: [SQLiteValue]) throws(SQLiteError) {
        try prepare(sql).run(values)
    }
}

/// Milliseconds since the epoch.
func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded()) }

/// The date `millis` milliseconds after the epoch.
func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1_000) }
