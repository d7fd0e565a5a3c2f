import GRDB

/// The recording file's schema: named GRDB migrations, and the schema
/// version in `PRAGMA user_version` so that any SQLite reader can tell
/// which layout a file has.
public enum TraceSchema {
    /// The `user_version` the current migrator leaves in a file.
    public static let currentVersion = 2

    /// Every migration, in order. A migration, once shipped, never changes:
    /// a later layout is a new migration that also bumps `user_version`.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return migrator
    }

    /// The names of the migrations, in order.
    public static var migrationNames: [String] { migrator.migrations }

    /// The indexes on `events` (created by `v1`). A recorder drops them
    /// while it writes and builds them in `finish`: keeping four indexes up
    /// to date with every insert halves the writer's rate, while building
    /// them once from the finished table is a sort.
    static let eventIndexes: [(name: String, sql: String)] = [
        ("events_by_time", "CREATE INDEX IF NOT EXISTS events_by_time ON events (time_ns)"),
        ("events_by_node", "CREATE INDEX IF NOT EXISTS events_by_node ON events (node, time_ns)"),
        ("events_by_connection", "CREATE INDEX IF NOT EXISTS events_by_connection ON events (connection, time_ns)"),
        ("events_by_stanza_id", "CREATE INDEX IF NOT EXISTS events_by_stanza_id ON events (stanza_id)"),
    ]

    static func dropEventIndexes(_ db: Database) throws {
        for index in eventIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
    }

    static func createEventIndexes(_ db: Database) throws {
        for index in eventIndexes { try db.execute(sql: index.sql) }
    }

    /// Builds the event indexes of a recording cut off before its recorder
    /// finished (a killed run); `false` when none were missing. Throws when
    /// the file cannot be written (it is then read without them, slower).
    @discardableResult
    public static func buildMissingIndexes(path: String) throws -> Bool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        // Looked at first, so a finished recording is never opened for writing.
        let missing = try queue.read { db in
            let present = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'"))
            return try db.tableExists("events") && !eventIndexes.allSatisfy { present.contains($0.name) }
        }
        guard missing else { return false }
        try queue.write { db in try createEventIndexes(db) }
        return true
    }

    static let v1 = """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version TEXT NOT NULL,
            topology_name TEXT NOT NULL,
            topology_text TEXT NOT NULL,
            seed TEXT NOT NULL,
            started_at TEXT NOT NULL,
            duration_ns INTEGER,
            outcome TEXT
        );
        CREATE TABLE nodes (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL
        );
        CREATE TABLE connections (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            node TEXT NOT NULL,
            local_endpoint TEXT,
            remote_endpoint TEXT,
            tls INTEGER NOT NULL DEFAULT 0,
            auth_method TEXT,
            dialback INTEGER NOT NULL DEFAULT 0,
            bidi INTEGER NOT NULL DEFAULT 0,
            sm INTEGER NOT NULL DEFAULT 0,
            opened_ns INTEGER NOT NULL,
            closed_ns INTEGER,
            close_reason TEXT
        );
        CREATE INDEX connections_by_node ON connections (node);
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            time_ns INTEGER NOT NULL,
            node TEXT NOT NULL,
            connection INTEGER,
            direction TEXT,
            kind TEXT NOT NULL,
            stanza_name TEXT,
            stanza_type TEXT,
            stanza_from TEXT,
            stanza_to TEXT,
            stanza_id TEXT,
            bytes INTEGER,
            detail TEXT NOT NULL
        );
        CREATE INDEX events_by_time ON events (time_ns);
        CREATE INDEX events_by_node ON events (node, time_ns);
        CREATE INDEX events_by_connection ON events (connection, time_ns);
        CREATE INDEX events_by_stanza_id ON events (stanza_id);
        CREATE TABLE faults (
            id INTEGER PRIMARY KEY,
            time_ns INTEGER NOT NULL,
            target TEXT NOT NULL,
            description TEXT NOT NULL
        );
        CREATE TABLE expectations (
            id INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            location TEXT,
            passed INTEGER NOT NULL,
            observed_ns INTEGER,
            detail TEXT
        );
        CREATE TABLE metrics (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT
        );
        """

    /// What a connection carried and who was at the other end: the remote
    /// domain of an s2s stream, the account of a c2s one.
    static let v2 = """
        ALTER TABLE connections ADD COLUMN peer TEXT;
        ALTER TABLE connections ADD COLUMN stanzas_in INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE connections ADD COLUMN stanzas_out INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE connections ADD COLUMN bytes_in INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE connections ADD COLUMN bytes_out INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX connections_by_peer ON connections (peer);
        """
}
