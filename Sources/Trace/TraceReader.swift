import Foundation
import GRDB

/// Opens a recording read-only: what `xmpplab inspect` shows.
///
/// Works on a finished recording and on one whose writer never finished
/// (the run's outcome and duration are then nil).
public final class TraceReader: Sendable {
    public enum Failure: Error, Equatable {
        case notARecording(path: String)
        case unknownSchemaVersion(Int)
    }

    private let database: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        // A recorder closing the file checkpoints its WAL and holds the lock
        // for a moment: wait for it rather than fail.
        configuration.busyMode = .timeout(5)
        configuration.label = "xmpplab trace reader"
        database = try DatabaseQueue(path: path, configuration: configuration)
        let version = try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        guard version != 0 else { throw Failure.notARecording(path: path) }
        guard version <= TraceSchema.currentVersion else { throw Failure.unknownSchemaVersion(version) }
    }

    /// The file's `PRAGMA user_version`.
    public func schemaVersion() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// The run row; nil if the recorder had not written it.
    public func run() throws -> RecordedRun? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1") else { return nil }
            let seedText: String = row["seed"]
            let header = RunHeader(
                version: row["version"], topologyName: row["topology_name"], topologyText: row["topology_text"],
                seed: UInt64(seedText) ?? 0, startedAt: row["started_at"])
            let duration = (row["duration_ns"] as Int64?).map { Duration.nanoseconds($0) }
            return RecordedRun(header: header, duration: duration, outcome: row["outcome"])
        }
    }

    /// The header alone.
    public func header() throws -> RunHeader? { try run()?.header }

    /// How many events of each kind (by `TraceEventKind` raw value).
    public func countsByKind() throws -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM events GROUP BY kind") {
                counts[row["kind"]] = row["n"]
            }
            return counts
        }
    }

    public func eventCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    /// Events in the run's order (time, then sequence), filtered.
    /// - Parameters:
    ///   - from: earliest time (ns, inclusive); - to: latest time (ns, inclusive).
    ///   - after: only events with a larger sequence (to page on).
    public func events(
        from: UInt64? = nil, to: UInt64? = nil, node: String? = nil, kind: TraceEventKind? = nil,
        connection: UInt64? = nil, after: Int64? = nil, limit: Int? = nil
    ) throws -> [RecordedEvent] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let from {
            conditions.append("time_ns >= ?")
            arguments += [Int64(bitPattern: from)]
        }
        if let to {
            conditions.append("time_ns <= ?")
            arguments += [Int64(bitPattern: to)]
        }
        if let node {
            conditions.append("node = ?")
            arguments += [node]
        }
        if let kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let connection {
            conditions.append("connection = ?")
            arguments += [Int64(bitPattern: connection)]
        }
        if let after {
            conditions.append("seq > ?")
            arguments += [after]
        }
        var sql = "SELECT * FROM events"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY time_ns, seq"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.event)
        }
    }

    public func nodes() throws -> [(name: String, kind: TraceNodeKind?)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, kind FROM nodes ORDER BY name").map { row in
                (row["name"], TraceNodeKind(rawValue: row["kind"]))
            }
        }
    }

    public func connections() throws -> [TraceConnection] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connections ORDER BY opened_ns, id").map { row in
                TraceConnection(
                    id: UInt64(bitPattern: row["id"]),
                    kind: TraceConnectionKind(rawValue: row["kind"]) ?? .c2s,
                    node: row["node"], localEndpoint: row["local_endpoint"], remoteEndpoint: row["remote_endpoint"],
                    tls: row["tls"], authMethod: row["auth_method"], dialback: row["dialback"], bidi: row["bidi"],
                    streamManagement: row["sm"], peer: row["peer"], stanzasIn: (row["stanzas_in"] as Int?) ?? 0,
                    stanzasOut: (row["stanzas_out"] as Int?) ?? 0, bytesIn: (row["bytes_in"] as Int?) ?? 0,
                    bytesOut: (row["bytes_out"] as Int?) ?? 0, openedAt: UInt64(bitPattern: row["opened_ns"]),
                    closedAt: (row["closed_ns"] as Int64?).map { UInt64(bitPattern: $0) },
                    closeReason: row["close_reason"])
            }
        }
    }

    public func faults() throws -> [TraceFault] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM faults ORDER BY time_ns, id").map { row in
                TraceFault(time: UInt64(bitPattern: row["time_ns"]), target: row["target"], description: row["description"])
            }
        }
    }

    public func expectations() throws -> [TraceExpectation] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM expectations ORDER BY id").map { row in
                TraceExpectation(
                    description: row["description"], location: row["location"], passed: row["passed"],
                    observedAt: (row["observed_ns"] as Int64?).map { UInt64(bitPattern: $0) }, detail: row["detail"])
            }
        }
    }

    public func metrics() throws -> [TraceMetric] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM metrics ORDER BY id").map { row in
                TraceMetric(name: row["name"], value: row["value"], unit: row["unit"])
            }
        }
    }

    private static func event(_ row: Row) -> RecordedEvent {
        let stanzaName: String? = row["stanza_name"]
        let stanza = stanzaName.map { name in
            TraceStanza(name: name, type: row["stanza_type"], from: row["stanza_from"], to: row["stanza_to"], id: row["stanza_id"])
        }
        let kindText: String = row["kind"]
        let directionText: String? = row["direction"]
        let event = TraceEvent(
            time: UInt64(bitPattern: row["time_ns"]), node: row["node"],
            connection: (row["connection"] as Int64?).map { UInt64(bitPattern: $0) },
            direction: directionText.flatMap(TraceDirection.init(rawValue:)),
            kind: TraceEventKind(rawValue: kindText) ?? .note, stanza: stanza, bytes: row["bytes"], detail: row["detail"])
        return RecordedEvent(sequence: row["seq"], event: event)
    }
}
