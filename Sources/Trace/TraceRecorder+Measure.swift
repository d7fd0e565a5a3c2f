import Foundation
import GRDB

extension TraceRecorder {
    /// The benchmark hook (`make bench`): records `events` stanza events
    /// through a `TraceRecorder` into `path` and waits for them to be
    /// stored; then, in the same run, inserts as many rows of the same shape
    /// into `path` + `-raw.sqlite` (same schema and file settings, the event
    /// indexes left to the end as the recorder does) with plain GRDB batched inserts — 1,000
    /// rows per transaction, one cached statement, arguments bound by GRDB —
    /// the reference the recorder is compared with (its own inserts bind
    /// through SQLite's C API). Also times `finish` (which builds the event
    /// indexes). Both files are overwritten.
    public static func measure(events: Int, path: String) async throws -> (
        recordedPerSecond: Double, rawInsertsPerSecond: Double, finishSeconds: Double, writerMicrosecondsPerEvent: Double
    ) {
        precondition(events > 0, "measure at least one event")
        let rawPath = path + "-raw.sqlite"
        for file in [path, rawPath] { removeDatabase(at: file) }
        let header = RunHeader(
            version: "bench", topologyName: "bench", topologyText: "", seed: 0, startedAt: Date())

        let recorder = try TraceRecorder(path: path, run: header)
        let recordStart = ContinuousClock.now
        for i in 0..<events { recorder.record(sampleEvent(i)) }
        try await recorder.flush()
        let recorded = ContinuousClock.now - recordStart
        let writerCPU = recorder.writerCPUSeconds
        let finishStart = ContinuousClock.now
        try await recorder.finish(outcome: "bench", duration: recorded)
        let finished = ContinuousClock.now - finishStart

        let pool = try DatabasePool(path: rawPath, configuration: fileConfiguration())
        try TraceSchema.migrator.migrate(pool)
        try await pool.write { db in try TraceSchema.dropEventIndexes(db) }
        let rawStart = ContinuousClock.now
        var start = 0
        while start < events {
            let batch = start..<min(start + defaultBatchSize, events)
            try await pool.write { db in
                let statement = try db.cachedStatement(sql: TraceEventStatement.sql)
                for i in batch { try insertThroughGRDB(sampleEvent(i), statement: statement) }
            }
            let end = batch.upperBound
            start = end
        }
        let raw = ContinuousClock.now - rawStart
        try pool.close()

        return (
            Double(events) / seconds(recorded), Double(events) / seconds(raw), seconds(finished),
            1e6 * writerCPU / Double(events)
        )
    }

    /// The reference insert: GRDB's own argument binding.
    private static func insertThroughGRDB(_ event: TraceEvent, statement: Statement) throws {
        statement.setUncheckedArguments([
            Int64(bitPattern: event.time), event.node, event.connection.map { Int64(bitPattern: $0) },
            event.direction?.rawValue, event.kind.rawValue, event.stanza?.name, event.stanza?.type,
            event.stanza?.from, event.stanza?.to, event.stanza?.id, event.bytes, event.detail,
        ])
        try statement.execute()
    }

    /// A message stanza as the lab records it.
    static func sampleEvent(_ i: Int) -> TraceEvent {
        let id = "m\(i)"
        return TraceEvent(
            time: UInt64(i) * 1_000, node: "a.example", connection: UInt64(i % 16), direction: .outgoing,
            kind: .stanzaOut,
            stanza: TraceStanza(name: "message", type: "chat", from: "alice@a.example/r1", to: "bob@b.example", id: id),
            bytes: 120,
            detail: "<message type='chat' from='alice@a.example/r1' to='bob@b.example' id='\(id)'><body>hello</body></message>")
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return max(Double(s) + Double(atto) / 1e18, 1e-9)
    }

    private static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
