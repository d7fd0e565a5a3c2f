import NIOCore
import XMPPCore

/// One TCP connection across a link, as a state machine: events in (bytes
/// read, a side closed, the delivery timer fired, the link was cut), actions
/// out (write these bytes to that side, arm the timer for then, stop reading
/// there). It performs no I/O and reads no clock; times are nanoseconds as in
/// `LinkSchedule`, passed in with each event.
///
/// The life of a connection: accepted at an entrance (`start`), it connects
/// onward to the target at once, or when the link heals if it is blackholed
/// (`.connectToTarget`). Once the target is connected, bytes read from either
/// side go into that direction's `LinkPipe` and are written to the other side
/// when due. A side's end (FIN, or a reset or close) crosses in order behind
/// the bytes in flight. When both directions are done the connection is over.
///
/// Flow control keeps memory bounded: a side is read only while the link is
/// up, the other side is connected and writable, and fewer than
/// `maxBytesInFlight` bytes from it wait in the link. A blackholed link holds
/// what is in flight (no timers) and reads nothing, so senders are pushed back
/// by TCP; on heal the held bytes are scheduled again from the heal.
public struct LinkConnectionMachine {
    enum Phase: Hashable {
        /// Accepted while the link is blackholed: waits for the heal to connect onward.
        case awaitingLink
        case connecting
        case relaying
        /// Over; `abortive` says whether a target connected late is reset or closed.
        case closed(abortive: Bool)
    }

    /// Bytes from one side that may wait in the link before the side stops being read.
    public static let defaultMaxBytesInFlight = 1 << 20

    public let maxBytesInFlight: Int
    var phase: Phase = .awaitingLink
    public private(set) var status: LinkStatus
    /// The pipes, by the side their bytes are read from.
    var pipes: PerSide<LinkPipe>
    var isOpen = PerSide(entrance: true, target: false)
    var isWritable = PerSide(repeating: true)
    var isReading = PerSide(repeating: false)
    /// The delivery timers armed, by the side their pipe reads from.
    var armed = PerSide<UInt64?>(repeating: nil)
    /// Whether something was lost or reset on the way: the connection ends abortively.
    var isAbortive = false
    var resetCounted = false
    var statistics = LinkStatistics()
    /// Whether to note each delivery and each hold for a recording
    /// (`takeObservations`); off, nothing is kept.
    public var observes = false
    var observations: [LinkObservation] = []

    /// - Parameter generator: the connection's own generator; each direction's
    ///   jitter comes from a generator split off it.
    public init(
        conditions: LinkConditions, status: LinkStatus, generator: SeededGenerator,
        maxBytesInFlight: Int = LinkConnectionMachine.defaultMaxBytesInFlight
    ) {
        var generator = generator
        let towardTarget = LinkSchedule(conditions: conditions, generator: generator.split())
        let back = LinkSchedule(conditions: conditions, generator: generator.split())
        pipes = PerSide(entrance: LinkPipe(schedule: towardTarget), target: LinkPipe(schedule: back))
        self.status = status
        self.maxBytesInFlight = maxBytesInFlight
    }

    /// Whether the connection is over (its channels may still be closing).
    public var isClosed: Bool {
        if case .closed = phase { true } else { false }
    }

    /// The pipe carrying `direction`.
    public func pipe(_ direction: LinkDirection) -> LinkPipe {
        pipes[direction.source]
    }

    /// What the connection counted since the last call: the driver adds it to
    /// the link's statistics.
    public mutating func takeStatistics() -> LinkStatistics {
        defer { statistics = LinkStatistics() }
        return statistics
    }

    /// What the connection observed since the last call (when `observes`).
    public mutating func takeObservations() -> [LinkObservation] {
        defer { observations.removeAll(keepingCapacity: true) }
        return observations
    }

    // MARK: - Events

    /// The entrance accepted the connection.
    public mutating func start() -> [Action] {
        statistics.connectionsAccepted += 1
        statistics.connectionsOpen += 1
        switch status {
        case .up:
            phase = .connecting
            return [.connectToTarget]
        case .down(.blackhole):
            phase = .awaitingLink
            return []
        case .down(.reset):
            return tearDown(abortive: true)
        }
    }

    public mutating func targetConnected() -> [Action] {
        switch phase {
        case .connecting:
            phase = .relaying
            isOpen.target = true
            return settle()
        case .closed(let abortive):
            // Torn down while connecting: the late connection goes the same way.
            return [abortive ? resetAction(.target) : .close(.target)]
        case .awaitingLink, .relaying:
            return []
        }
    }

    public mutating func targetConnectFailed() -> [Action] {
        guard phase == .connecting else { return [] }
        return tearDown(abortive: true)
    }

    /// Bytes were read from `side` at `now`.
    public mutating func received(_ bytes: ByteBuffer, from side: LinkSide, at now: UInt64) -> [Action] {
        guard phase == .relaying else { return [] }
        noteDelay(pipes[side].send(bytes, at: now))
        return settle()
    }

    /// `side` sent its FIN (its input is closed; it may still read).
    public mutating func inputClosed(_ side: LinkSide, at now: UInt64) -> [Action] {
        guard phase == .relaying else { return [] }
        pipes[side].end(.eof, at: now)
        return settle()
    }

    /// `side`'s channel is closed (by its peer, by a reset, or after both
    /// halves were shut down). What was still going to it is lost; what it
    /// sent still crosses, followed by a reset unless it had ended cleanly.
    public mutating func channelClosed(_ side: LinkSide, at now: UInt64) -> [Action] {
        isOpen[side] = false
        switch phase {
        case .relaying:
            if !pipes[side.other].isDone {
                pipes[side.other].discard()
                isAbortive = true
            }
            pipes[side].end(.reset, at: now)
            return settle()
        case .awaitingLink, .connecting:
            return side == .entrance ? tearDown(abortive: true) : []
        case .closed:
            return []
        }
    }

    public mutating func writabilityChanged(_ side: LinkSide, isWritable writable: Bool) -> [Action] {
        isWritable[side] = writable
        return settle()
    }

    /// The delivery timer of `direction` fired at `now`.
    public mutating func deliveryDue(_ direction: LinkDirection, at now: UInt64) -> [Action] {
        armed[direction.source] = nil
        guard phase == .relaying, status.isUp else { return settle() }
        let sink = direction.sink
        var actions: [Action] = []
        var unflushed = false
        for (delivery, sentAt) in pipes[direction.source].takeDueWithSendTimes(at: now) {
            switch delivery {
            case .bytes(let bytes):
                actions.append(.write(bytes, to: sink))
                unflushed = true
                count(bytes.readableBytes, direction)
                if observes {
                    observations.append(.delivered(direction, bytes: bytes.readableBytes, delay: .nanoseconds(Int64(now &- sentAt))))
                }
            case .end(.eof):
                if unflushed { actions.append(.flush(sink)) }
                unflushed = false
                actions.append(.shutdownOutput(sink))
            case .end(.reset):
                unflushed = false
                actions.append(resetAction(sink))
                isOpen[sink] = false
                isAbortive = true
            }
        }
        if unflushed { actions.append(.flush(sink)) }
        return actions + settle()
    }

    public mutating func setConditions(_ conditions: LinkConditions) {
        pipes.entrance.conditions = conditions
        pipes.target.conditions = conditions
    }

    public mutating func cut(_ mode: LinkCutMode) -> [Action] {
        status = .down(mode)
        if mode == .reset, !isClosed {
            return tearDown(abortive: true)
        }
        return settle()
    }

    /// The link is up again at `now`: a waiting connection connects onward,
    /// held bytes are scheduled from `now`.
    public mutating func heal(at now: UInt64) -> [Action] {
        guard !status.isUp else { return [] }
        status = .up
        switch phase {
        case .awaitingLink:
            phase = .connecting
            return [.connectToTarget] + settle()
        case .relaying:
            if observes {
                for direction in LinkDirection.allCases {
                    let pipe = pipes[direction.source]
                    guard pipe.queuedBytes > 0, let oldest = pipe.oldestSentAt else { continue }
                    observations.append(.held(direction, bytes: pipe.queuedBytes, oldest: .nanoseconds(Int64(now &- oldest))))
                }
            }
            noteDelay(pipes.entrance.reschedule(from: now))
            noteDelay(pipes.target.reschedule(from: now))
            return settle()
        case .connecting, .closed:
            return settle()
        }
    }

    /// The relay is closing: both sides are closed now, whatever is in flight.
    public mutating func close() -> [Action] {
        isClosed ? [] : tearDown(abortive: false)
    }
}
