import Foundation
import GRDB
import Synchronization

/// The one thread that writes a recording: takes what is queued and commits
/// it in transactions of at most `batchSize` rows through cached statements.
/// Work that need not hold up the run is done here: rendering the details
/// recorded with `record(_:renderingDetail:)` and redacting every detail.
/// A dedicated thread, not a task: producers that wait on a full queue may
/// be holding the concurrency pool's few threads.
final class TraceWriter: Sendable {
    let pool: DatabasePool
    let queue: TraceQueue
    let batchSize: Int
    /// CPU time the writer thread has used so far, in nanoseconds (updated after each transaction).
    let cpuNanoseconds = Atomic<UInt64>(0)
    /// The kernel's id of the writer thread once it runs (Linux; 0 before, or elsewhere).
    let threadID = Atomic<Int32>(0)

    init(pool: DatabasePool, queue: TraceQueue, batchSize: Int) {
        precondition(batchSize > 0, "a batch holds at least one row")
        self.pool = pool
        self.queue = queue
        self.batchSize = batchSize
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "xmpplab trace writer"
        thread.start()
    }

    private func run() {
        defer { queue.writerExited() }
        yieldToTheRun()
        var scratch: [UInt8] = []
        // Up to 2 ms for a full batch: fewer wake-ups and commits (about a tenth less CPU per row in a run).
        while var rows = queue.takeAll(gathering: batchSize, linger: 0.002) {
            var start = 0
            while start < rows.count {
                let end = min(start + batchSize, rows.count)
                do {
                    try pool.write { db in
                        let events = try TraceEventStatement(db)
                        for index in start..<end {
                            try Self.insert(Self.take(&rows[index]), into: db, events: events, scratch: &scratch)
                        }
                    }
                } catch {
                    queue.fail(error)
                    return
                }
                // Before the commit is announced, so a flush that returns sees the figure.
                cpuNanoseconds.store(Self.threadCPUNanoseconds(), ordering: .relaxed)
                queue.committed(end - start)
                start = end
            }
        }
    }

    /// Moves `row` out of the batch, leaving a row with nothing to release:
    /// a row read in place would be copied (every string retained) and then
    /// released twice over.
    private static func take(_ row: inout TraceRow) -> TraceRow {
        var taken = TraceRow.taken
        swap(&taken, &row)
        return taken
    }

    /// `scratch` is the buffer details are rendered into, reused from row to row.
    static func insert(
        _ row: consuming TraceRow, into db: Database, events: TraceEventStatement, scratch: inout [UInt8]
    ) throws {
        switch consume row {
        case .taken:
            return
        case .event(let event):
            var detail = event.detail
            try detail.withUTF8 { try events.insert(event, redacting: $0) }
        case .eventToRender(var event, let render):
            scratch.removeAll(keepingCapacity: true)
            render(&scratch)
            if event.bytes == nil { event.bytes = scratch.count }
            try scratch.withUnsafeBufferPointer { try events.insert(event, redacting: $0) }
        case .node(let name, let kind):
            let statement = try db.cachedStatement(sql: """
                INSERT INTO nodes (name, kind) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET kind = excluded.kind
                """)
            try statement.execute(arguments: [name, kind.rawValue])
        case .connection(let c):
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO connections (id, kind, node, local_endpoint, remote_endpoint, tls, auth_method,
                    dialback, bidi, sm, peer, stanzas_in, stanzas_out, bytes_in, bytes_out, opened_ns, closed_ns,
                    close_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try statement.execute(arguments: [
                Int64(bitPattern: c.id), c.kind.rawValue, c.node, c.localEndpoint, c.remoteEndpoint, c.tls,
                c.authMethod, c.dialback, c.bidi, c.streamManagement, c.peer, c.stanzasIn, c.stanzasOut, c.bytesIn,
                c.bytesOut, Int64(bitPattern: c.openedAt), c.closedAt.map { Int64(bitPattern: $0) }, c.closeReason,
            ])
        case .fault(let fault):
            let statement = try db.cachedStatement(
                sql: "INSERT INTO faults (time_ns, target, description) VALUES (?, ?, ?)")
            try statement.execute(arguments: [Int64(bitPattern: fault.time), fault.target, fault.description])
        case .expectation(let e):
            let statement = try db.cachedStatement(sql: """
                INSERT INTO expectations (description, location, passed, observed_ns, detail) VALUES (?, ?, ?, ?, ?)
                """)
            try statement.execute(arguments: [
                e.description, e.location, e.passed, e.observedAt.map { Int64(bitPattern: $0) }, e.detail,
            ])
        case .metric(let metric):
            let statement = try db.cachedStatement(sql: "INSERT INTO metrics (name, value, unit) VALUES (?, ?, ?)")
            try statement.execute(arguments: [metric.name, metric.value, metric.unit])
        }
    }
}
