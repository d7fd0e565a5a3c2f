import Foundation
import GRDB

/// Records a run into one SQLite file (WAL mode) — the `--record` sink.
///
/// `record(_:)` and the other `record…` methods may be called from any
/// thread. They append to a bounded queue and return; one writer thread
/// renders the details recorded with `record(_:renderingDetail:)`, redacts
/// every event's detail and commits the queue in transactions of at most
/// `batchSize` rows; it waits up to 2 ms for a batch to fill unless someone
/// flushes. When the queue is full the caller waits for the writer (the run
/// slows down, nothing is dropped). Each batch is its own transaction, so a
/// killed process loses at most the batch being written (and the last 2 ms)
/// and leaves a readable file. `finish(outcome:duration:)` writes the rest and closes.
public final class TraceRecorder: TraceSink {
    public static let defaultCapacity = 65_536
    public static let defaultBatchSize = 1_000

    public enum Failure: Error, Equatable {
        /// The file already holds a run: a recording is never appended to.
        case alreadyRecorded(path: String)
        /// The file was made by a newer xmpplab.
        case unknownSchemaVersion(Int)
    }

    public let path: String
    private let queue: TraceQueue
    private let writer: TraceWriter

    public init(
        path: String, run header: RunHeader, capacity: Int = TraceRecorder.defaultCapacity,
        batchSize: Int = TraceRecorder.defaultBatchSize
    ) throws {
        self.path = path
        let pool = try DatabasePool(path: path, configuration: Self.fileConfiguration())
        try TraceSchema.migrator.migrate(pool)
        try pool.write { db in
            try TraceSchema.dropEventIndexes(db)
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard version <= TraceSchema.currentVersion else { throw Failure.unknownSchemaVersion(version) }
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") == 0 else {
                throw Failure.alreadyRecorded(path: path)
            }
            try db.execute(
                sql: """
                    INSERT INTO run (id, version, topology_name, topology_text, seed, started_at)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    header.version, header.topologyName, TraceRedaction.redactTopology(header.topologyText),
                    String(header.seed), header.startedAt,
                ])
        }
        queue = TraceQueue(capacity: capacity)
        writer = TraceWriter(pool: pool, queue: queue, batchSize: batchSize)
        writer.start()
    }

    /// How a recording's file is opened for writing: 16 KiB pages (10–15 %
    /// more events per second than 4 KiB in `xmpplab-bench recording`,
    /// while a small recording stays small), commits
    /// not synced to disk (`synchronous = NORMAL`: in WAL mode a committed
    /// batch survives a killed process, only a power cut can lose it), and
    /// no checkpoint until `finish` (a checkpoint copies every page again,
    /// with reads and syncs, on the writer thread while the run goes on).
    static func fileConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "xmpplab trace"
        configuration.prepareDatabase { db in
            // Takes effect only in a new file, before its first table.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        return configuration
    }

    /// A recorder dropped without `finish` still writes what it was given
    /// (the run row keeps a null outcome).
    deinit {
        queue.close()
    }

    /// The writer redacts the detail before it is stored.
    public func record(_ event: TraceEvent) {
        queue.push(.event(event))
    }

    /// The writer renders the detail, then redacts it.
    public func record(_ event: TraceEvent, renderingDetail render: @escaping TraceDetailRenderer) {
        queue.push(.eventToRender(event, render))
    }

    public func flush() async throws {
        try await queue.flush()
    }

    public func recordNode(name: String, kind: TraceNodeKind) {
        queue.push(.node(name: name, kind: kind))
    }

    /// Records a connection when it opens, and again when what is known
    /// about it changes; the latest record replaces the earlier one.
    public func recordConnection(_ connection: TraceConnection) {
        queue.push(.connection(connection))
    }

    public func recordFault(_ fault: TraceFault) {
        queue.push(.fault(fault))
    }

    public func recordExpectation(_ expectation: TraceExpectation) {
        var expectation = expectation
        expectation.detail = expectation.detail.map(TraceRedaction.redact)
        queue.push(.expectation(expectation))
    }

    public func recordMetric(_ metric: TraceMetric) {
        queue.push(.metric(metric))
    }

    /// How many `record…` calls found the queue full and waited for the
    /// writer (backpressure on the run).
    public var backpressureWaits: Int { queue.waits }

    /// CPU time the writer thread has used so far (rendering, redacting,
    /// inserting, committing), as of its last committed transaction.
    public var writerCPUSeconds: Double {
        Double(writer.cpuNanoseconds.load(ordering: .relaxed)) / 1e9
    }

    /// The writer thread's nice value (10 on Linux once it runs: it yields
    /// to the run's threads), nil where it is not known.
    public var writerNiceness: Int32? { writer.niceness }

    /// Rows recorded and not yet stored.
    public var pendingCount: Int { queue.pending }

    /// Rows refused because they came after `finish` or after a write failed.
    public var droppedCount: Int { queue.dropped }

    /// Writes everything recorded, then the run's outcome and duration,
    /// checkpoints the WAL into the file and closes it. Anything recorded
    /// afterwards is dropped (and counted).
    public func finish(outcome: String, duration: Duration) async throws {
        queue.close()
        await queue.waitForWriter()
        if let error = queue.error { throw error }
        let pool = writer.pool
        let nanoseconds = duration.nanosecondCount
        try await pool.write { db in
            try TraceSchema.createEventIndexes(db)
            try db.execute(
                sql: "UPDATE run SET outcome = ?, duration_ns = ? WHERE id = 1", arguments: [outcome, nanoseconds])
        }
        _ = try await pool.writeWithoutTransaction { db in
            try db.checkpoint(.truncate)
        }
        try pool.close()
    }
}
