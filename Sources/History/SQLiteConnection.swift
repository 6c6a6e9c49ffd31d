import CSQLite

/// Why an SQLite call failed: the result code, its name and SQLite's message.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (`SQLITE_FULL`, `SQLITE_CORRUPT`, …).
    public var code: Int32
    /// SQLite's message for the connection, or the code's description.
    public var message: String

    /// The primary result code (the extended code's low byte).
    public var primary: Int32 { code & 0xff }

    /// Whether the disk (or the file system's quota) is full: writing may work again later.
    public var isDiskFull: Bool { primary == SQLITE_FULL || primary == SQLITE_IOERR }

    /// `sqlite: message (code N)`.
    public var description: String { "sqlite: \(message) (code \(code))" }
}

/// One SQLite database connection: opened, used and closed by a single thread.
///
/// Deliberately not `Sendable`: the history writer owns its connection on its own thread, and a
/// reader (`ethotop history`) opens one of its own; SQLite's WAL mode lets them run side by side.
final class SQLiteConnection {
    private let handle: OpaquePointer

    /// Opens `path` read-write (never creating it: the caller created it with mode 0600), or
    /// read-only; symbolic links are refused by SQLite itself (`SQLITE_OPEN_NOFOLLOW`).
    init(path: String, readOnly: Bool) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOFOLLOW
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message =
                db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: message)
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 2_000)
        handle = db
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text)
        }
    }

    /// Compiles `sql` once, to be bound and stepped many times.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        return SQLiteStatement(statement, connection: self)
    }

    /// The first column of the first row of `sql`, as an integer (0 when there is no row).
    func scalar(_ sql: String) throws(SQLiteError) -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int(0) : 0
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func transaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The error for result code `rc`, with the connection's message.
    func error(_ rc: Int32) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }
}

/// A compiled statement: bind parameters (1-based), step through rows, read columns (0-based).
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection

    fileprivate init(_ statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds values to parameters 1, 2, … in order, after a reset.
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .int(let int): rc = sqlite3_bind_int64(statement, index, int)
            case .double(let double): rc = sqlite3_bind_double(statement, index, double)
            case .text(let text):
                rc = text.withCString { ethotop_sqlite3_bind_text_transient(statement, index, $0, -1) }
            }
            if rc != SQLITE_OK { throw connection.error(rc) }
        }
    }

    /// Advances to the next row: `true` when there is one, `false` when done.
    @discardableResult
    func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(statement)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(rc)
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Binds `values` and runs the statement to completion.
    func run(_ values: [SQLiteValue]) throws(SQLiteError) {
        try bind(values)
        while try step() {}
    }

    /// Column `index` as an integer.
    func int(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// Column `index` as a double.
    func double(_ index: Int32) -> Double { sqlite3_column_double(statement, index) }

    /// Column `index` as text, or `nil` for NULL.
    func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, index) else { return nil }
        return String(cString: pointer)
    }

    /// Whether column `index` is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    /// Text, or NULL for `nil`.
    static func optional(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }

    /// An integer from `Int`.
    static func integer(_ value: Int) -> SQLiteValue { .int(Int64(value)) }
}
