import XMPPCore

/// An XEP-0199 ping used as a keepalive on one stream, sans-IO: after
/// `interval` of silence from the peer it sends a ping, and when neither
/// the pong nor anything else arrives within `timeout` it declares the peer
/// dead. It only sends pings; answering the peer's pings is the stream's
/// usual IQ handling (`Keepalive.pong(for:)` builds the answer).
///
/// Any inbound traffic proves the peer alive: a stanza, an ack or a
/// whitespace ping arriving while a ping is outstanding cancels its timeout
/// just as the pong would (a busy peer whose pong is queued behind other
/// stanzas is not declared dead). A pong that comes after that is still
/// recognised, and swallowed, by `received(_:)`.
///
/// The driver reports `receivedTraffic()` for everything that arrives (each
/// read, the pong included), offers each inbound element to `received(_:)`
/// before routing it, and reports timer expiry with the generation it was
/// scheduled with.
public struct Keepalive: Sendable {
    enum Stage: Hashable, Sendable {
        /// `start()` not called yet.
        case notStarted
        /// Waiting for `interval` of silence; the idle timer has this generation.
        case idle(generation: UInt64)
        /// A ping is out; the timeout timer has this generation.
        case awaitingPong(generation: UInt64)
        /// Stopped, disabled or the peer declared dead: every event is ignored.
        case finished
    }

    public let configuration: KeepaliveConfiguration
    var stage: Stage = .notStarted
    /// The generation of the most recently scheduled timer.
    var generation: UInt64 = 0
    /// Pings sent so far; the last one's id ends in this number.
    public internal(set) var pingsSent = 0
    /// The id of the last ping, until its answer arrives.
    public internal(set) var outstandingPingID: String?

    public init(configuration: KeepaliveConfiguration) {
        self.configuration = configuration
    }

    /// Whether the peer was declared dead or the machine stopped.
    public var isFinished: Bool { stage == .finished }

    /// The stream is up: arm the idle timer. Nothing when the keepalive is
    /// disabled or already started.
    public mutating func start() -> [KeepaliveAction] {
        guard stage == .notStarted else { return [] }
        guard configuration.enabledInterval != nil else {
            stage = .finished
            return []
        }
        return armIdle()
    }

    /// Something arrived from the peer: the silence starts over, and an
    /// outstanding ping no longer needs its answer to keep the peer alive.
    public mutating func receivedTraffic() -> [KeepaliveAction] {
        switch stage {
        case .idle, .awaitingPong: return armIdle()
        case .notStarted, .finished: return []
        }
    }

    /// The stream is closing: cancel the timer; later events are ignored.
    public mutating func stop() -> [KeepaliveAction] {
        let hadTimer = stage != .notStarted && stage != .finished
        stage = .finished
        return hadTimer ? [.cancelTimer] : []
    }

    /// Wait for `interval` of silence, with a new generation.
    mutating func armIdle() -> [KeepaliveAction] {
        guard let interval = configuration.enabledInterval else { return [] }
        generation &+= 1
        stage = .idle(generation: generation)
        return [.scheduleIdle(interval, generation: generation)]
    }
}
