import Foundation

/// What the recorder hands to its writer, in the order recorded.
enum TraceRow: Sendable {
    case event(TraceEvent)
    /// An event whose detail the writer renders (`TraceSink.record(_:renderingDetail:)`).
    case eventToRender(TraceEvent, TraceDetailRenderer)
    case node(name: String, kind: TraceNodeKind)
    case connection(TraceConnection)
    /// Nothing: what the writer leaves in a batch where it took a row out.
    case taken
    case fault(TraceFault)
    case expectation(TraceExpectation)
    case metric(TraceMetric)
}

/// The bounded queue between the threads that record and the one writer.
///
/// At most `capacity` rows are pending (queued or being written but not yet
/// committed); a producer that finds it full waits until the writer commits
/// a batch. Nothing is dropped while the writer works. After `close()`, or
/// after the writer failed, rows are counted as dropped instead.
final class TraceQueue: @unchecked Sendable {
    private let condition = NSCondition()
    let capacity: Int
    // All of the following are guarded by `condition`.
    private var rows: [TraceRow] = []
    private var enqueued: UInt64 = 0
    private var committed: UInt64 = 0
    private var closed = false
    private var writerWaiting = false
    /// How many queued rows make a push wake a waiting writer.
    private var writerWants = 1
    private var waitingProducers = 0
    private var failure: (any Error)?
    private var writerDone = false
    private var flushWaiters: [(target: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []
    private var droppedCount = 0
    private var waitCount = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a trace queue needs room for at least one row")
        self.capacity = capacity
    }

    /// Appends a row, waiting while the queue is full.
    func push(_ row: TraceRow) {
        condition.lock()
        if !closed, failure == nil, enqueued - committed >= UInt64(capacity) { waitCount += 1 }
        while !closed, failure == nil, enqueued - committed >= UInt64(capacity) {
            waitingProducers += 1
            if writerWaiting { condition.broadcast() }
            condition.wait()
            waitingProducers -= 1
        }
        guard !closed, failure == nil else {
            droppedCount += 1
            condition.unlock()
            return
        }
        rows.append(row)
        enqueued += 1
        if writerWaiting, rows.count >= writerWants { condition.broadcast() }
        condition.unlock()
    }

    /// Everything queued, waiting for some; nil once closed and drained.
    /// With fewer than `gathering` rows queued it waits up to `linger`
    /// seconds for more (unless someone flushes or waits for room), so the
    /// writer wakes and commits less often.
    func takeAll(gathering: Int = 1, linger: TimeInterval = 0) -> [TraceRow]? {
        condition.lock()
        defer { condition.unlock() }
        writerWants = 1
        while rows.isEmpty, !closed {
            writerWaiting = true
            condition.wait()
            writerWaiting = false
        }
        if rows.isEmpty { return nil }
        if rows.count < gathering, linger > 0 {
            let deadline = Date(timeIntervalSinceNow: linger)
            writerWants = gathering
            while rows.count < gathering, !closed, flushWaiters.isEmpty, waitingProducers == 0 {
                writerWaiting = true
                let signalled = condition.wait(until: deadline)
                writerWaiting = false
                if !signalled { break }
            }
            writerWants = 1
        }
        var taken: [TraceRow] = []
        swap(&taken, &rows)
        return taken
    }

    /// The writer committed `count` rows.
    func committed(_ count: Int) {
        condition.lock()
        committed += UInt64(count)
        if waitingProducers > 0 { condition.broadcast() }
        var ready: [CheckedContinuation<Void, any Error>] = []
        flushWaiters.removeAll { waiter in
            guard waiter.target <= committed else { return false }
            ready.append(waiter.continuation)
            return true
        }
        condition.unlock()
        for continuation in ready { continuation.resume() }
    }

    /// The writer cannot write any more: wakes everyone; rows from now on are dropped.
    func fail(_ error: any Error) {
        condition.lock()
        failure = error
        rows.removeAll()
        condition.broadcast()
        let waiters = flushWaiters
        flushWaiters.removeAll()
        condition.unlock()
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }

    /// Waits until every row pushed before the call is committed.
    func flush() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if let failure {
                condition.unlock()
                continuation.resume(throwing: failure)
            } else if committed >= enqueued {
                condition.unlock()
                continuation.resume()
            } else {
                flushWaiters.append((enqueued, continuation))
                if writerWaiting { condition.broadcast() }
                condition.unlock()
            }
        }
    }

    /// No more rows: the writer drains what is queued and stops.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func writerExited() {
        condition.lock()
        writerDone = true
        let waiters = exitWaiters
        exitWaiters.removeAll()
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the writer has stopped.
    func waitForWriter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if writerDone {
                condition.unlock()
                continuation.resume()
            } else {
                exitWaiters.append(continuation)
                condition.unlock()
            }
        }
    }

    /// The writer's failure, if any.
    var error: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// How many pushes found the queue full and waited.
    var waits: Int {
        condition.lock()
        defer { condition.unlock() }
        return waitCount
    }

    /// Rows pushed and not yet committed.
    var pending: Int {
        condition.lock()
        defer { condition.unlock() }
        return Int(enqueued - committed)
    }

    /// Rows refused because the recorder was finished or had failed.
    var dropped: Int {
        condition.lock()
        defer { condition.unlock() }
        return droppedCount
    }
}
