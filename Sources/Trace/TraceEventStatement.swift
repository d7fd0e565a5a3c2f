import GRDB
import GRDBSQLite

/// The writer's hot path: one prepared `INSERT INTO events`, its columns
/// bound straight through SQLite's C API. Binding through GRDB's
/// `StatementArguments` boxes every column and copies every string into a C
/// string, which a profile of a recorded run put above the cost of the
/// insert itself.
///
/// Valid only inside the transaction it was made in (the statement is the
/// connection's cached one). Text is bound with its length, so SQLite copies
/// it (`SQLITE_TRANSIENT`) without looking for a terminator.
struct TraceEventStatement {
    static let sql = """
        INSERT INTO events (time_ns, node, connection, direction, kind, stanza_name, stanza_type, stanza_from,
            stanza_to, stanza_id, bytes, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    private let db: Database
    private let statement: Statement

    init(_ db: Database) throws {
        self.db = db
        statement = try db.cachedStatement(sql: Self.sql)
    }

    /// Inserts `event` with `detail` (UTF-8) in place of its own, secrets
    /// redacted (`TraceRedaction`).
    func insert(_ event: TraceEvent, redacting detail: UnsafeBufferPointer<UInt8>) throws {
        guard let redacted = TraceRedaction.redact(bytes: detail) else { return try insert(event, detail: detail) }
        try redacted.withUnsafeBufferPointer { try insert(event, detail: $0) }
    }

    private func insert(_ event: TraceEvent, detail: UnsafeBufferPointer<UInt8>) throws {
        let s = statement.sqliteStatement
        try check(sqlite3_reset(s))
        try check(sqlite3_bind_int64(s, 1, Int64(bitPattern: event.time)))
        try bind(event.node, at: 2)
        try check(event.connection.map { sqlite3_bind_int64(s, 3, Int64(bitPattern: $0)) } ?? sqlite3_bind_null(s, 3))
        try bind(event.direction?.rawValue, at: 4)
        try bind(event.kind.rawValue, at: 5)
        try bind(event.stanza?.name, at: 6)
        try bind(event.stanza?.type, at: 7)
        try bind(event.stanza?.from, at: 8)
        try bind(event.stanza?.to, at: 9)
        try bind(event.stanza?.id, at: 10)
        try check(event.bytes.map { sqlite3_bind_int64(s, 11, Int64($0)) } ?? sqlite3_bind_null(s, 11))
        try bind(detail, at: 12)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func bind(_ text: String?, at index: CInt) throws {
        guard var text else { return try check(sqlite3_bind_null(statement.sqliteStatement, index)) }
        try text.withUTF8 { try bind($0, at: index) }
    }

    private func bind(_ utf8: UnsafeBufferPointer<UInt8>, at index: CInt) throws {
        // An empty buffer may have no address, and a null pointer would bind NULL.
        guard let base = utf8.baseAddress, !utf8.isEmpty else {
            return try check(sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient))
        }
        try check(base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
            sqlite3_bind_text(statement.sqliteStatement, index, $0, CInt(utf8.count), Self.transient)
        })
    }

    private func check(_ code: CInt) throws {
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: Self.sql)
    }

    /// SQLite copies the text before the bind call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
