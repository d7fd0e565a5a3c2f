import Foundation
import GRDB

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
        var scratch: [UInt8] = []
        // Up to 2 ms for a full batch: fewer wake-ups and commits (about a tenth less CPU per row in a run).
        while let rows = queue.takeAll(gathering: batchSize, linger: 0.002) {
            var start = 0
            while start < rows.count {
                let end = min(start + batchSize, rows.count)
                do {
                    try pool.write { db in
                        let events = try TraceEventStatement(db)
                        for row in rows[start..<end] {
                            try Self.insert(row, into: db, events: events, scratch: &scratch)
                        }
                    }
                } catch {
                    queue.fail(error)
                    return
                }
                queue.committed(end - start)
                start = end
            }
        }
    }

    /// `scratch` is the buffer details are rendered into, reused from row to row.
    static func insert(_ row: TraceRow, into db: Database, events: TraceEventStatement, scratch: inout [UInt8]) throws {
        switch row {
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
        case .connectionClosed(let id, let time, let reason):
            let statement = try db.cachedStatement(
                sql: "UPDATE connections SET closed_ns = ?, close_reason = ? WHERE id = ?")
            try statement.execute(arguments: [Int64(bitPattern: time), reason, Int64(bitPattern: id)])
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
