import NIOCore

/// One direction of one connection across a link: the chunks handed to the
/// link and not yet delivered, in order, each with its delivery time from the
/// direction's `LinkSchedule`, and finally how the direction ends.
///
/// The pipe has no timer and no notion of the link being down: its owner asks
/// for what is due and decides when to ask (see `LinkConnectionMachine`).
/// Times are nanoseconds as in `LinkSchedule`.
public struct LinkPipe {
    /// How a direction of a TCP connection ends.
    public enum End: Sendable, Hashable {
        /// An orderly end (FIN): the receiver reads end-of-stream.
        case eof
        /// An abortive end (RST).
        case reset
    }

    /// What comes out of the pipe.
    public enum Delivery: Hashable {
        case bytes(ByteBuffer)
        case end(End)
    }

    /// Where the pipe is in its life.
    public enum State: Sendable, Hashable {
        /// Takes bytes.
        case open
        /// Its end is queued behind the bytes still in flight.
        case ending(End)
        /// Its end was delivered.
        case finished(End)
        /// Discarded: the receiving side went away, what was in flight is lost.
        case broken
    }

    struct Entry {
        var delivery: Delivery
        var byteCount: Int
        var due: UInt64
        /// When it was handed to the link (kept when rescheduled).
        var sentAt: UInt64
    }

    public private(set) var schedule: LinkSchedule
    public private(set) var state: State = .open
    /// Bytes handed to the pipe and not yet delivered.
    public private(set) var queuedBytes = 0
    private var entries = CircularBuffer<Entry>()

    public init(schedule: LinkSchedule) {
        self.schedule = schedule
    }

    public var conditions: LinkConditions {
        get { schedule.conditions }
        set { schedule.conditions = newValue }
    }

    /// Whether the pipe takes more bytes (it has not ended).
    public var isOpen: Bool { state == .open }

    /// Whether nothing more will come out of the pipe.
    public var isDone: Bool {
        switch state {
        case .finished, .broken: true
        case .open, .ending: false
        }
    }

    /// When the first chunk waiting in the pipe is due; nil when it is empty.
    public var nextDue: UInt64? { entries.first?.due }

    /// When the oldest chunk waiting in the pipe was handed to the link.
    public var oldestSentAt: UInt64? { entries.first?.sentAt }

    /// Queues `bytes` handed to the link at `now`; returns the delay given to
    /// them, in nanoseconds. Bytes after the pipe's end are ignored (0).
    @discardableResult
    public mutating func send(_ bytes: ByteBuffer, at now: UInt64) -> UInt64 {
        guard isOpen else { return 0 }
        let due = schedule.deliveryTime(forChunkOf: bytes.readableBytes, sentAt: now)
        entries.append(Entry(delivery: .bytes(bytes), byteCount: bytes.readableBytes, due: due, sentAt: now))
        queuedBytes += bytes.readableBytes
        return due - now
    }

    /// Queues the end of the direction behind the bytes in flight (once; a
    /// second end is ignored).
    public mutating func end(_ end: End, at now: UInt64) {
        guard isOpen else { return }
        let due = schedule.deliveryTime(forChunkOf: 0, sentAt: now)
        entries.append(Entry(delivery: .end(end), byteCount: 0, due: due, sentAt: now))
        state = .ending(end)
    }

    /// Takes out, in order, everything due at `now`.
    public mutating func takeDue(at now: UInt64) -> [Delivery] {
        takeDueWithSendTimes(at: now).map(\.delivery)
    }

    /// Takes out, in order, everything due at `now`, each with the time it
    /// was handed to the link.
    public mutating func takeDueWithSendTimes(at now: UInt64) -> [(delivery: Delivery, sentAt: UInt64)] {
        var due: [(delivery: Delivery, sentAt: UInt64)] = []
        while let first = entries.first, first.due <= now {
            entries.removeFirst()
            queuedBytes -= first.byteCount
            if case .end(let end) = first.delivery { state = .finished(end) }
            due.append((first.delivery, first.sentAt))
        }
        return due
    }

    /// Schedules everything in the pipe again as if handed to the link at
    /// `now`, in the same order (after the link was down: latency counts from
    /// the heal). Returns the longest delay given, in nanoseconds.
    @discardableResult
    public mutating func reschedule(from now: UInt64) -> UInt64 {
        var longest: UInt64 = 0
        for index in entries.indices {
            let due = schedule.deliveryTime(forChunkOf: entries[index].byteCount, sentAt: now)
            entries[index].due = due
            longest = max(longest, due - now)
        }
        return longest
    }

    /// Drops everything in flight: nothing more comes out.
    public mutating func discard() {
        guard !isDone else { return }
        entries.removeAll()
        queuedBytes = 0
        state = .broken
    }
}
