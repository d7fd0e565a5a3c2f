import XMPPCore

/// One side's XEP-0198 bookkeeping for a stream, sans-IO: the count of
/// stanzas handled from the peer (`h`), the stanzas sent and not yet
/// acknowledged, and when to ask for an ack. The same on client and server,
/// c2s and s2s; it outlives a connection, so a resumed stream carries on
/// with it.
public struct StreamManagement: Sendable {
    public let policy: AckPolicy
    /// Unacknowledged stanzas allowed before the stream is closed with
    /// `policy-violation` (a peer that never acks would otherwise grow the
    /// queue without bound).
    public let maxUnacknowledged: Int
    /// Stanzas handled from the peer since enabling, mod 2^32: the `h` of our acks.
    public internal(set) var handled: UInt32 = 0
    /// What we sent that the peer has not acknowledged.
    public private(set) var unacknowledged = UnackedQueue()
    /// Stanzas sent since our last `<r/>`.
    var sentSinceRequest = 0
    var ackTimerArmed = false

    public init(policy: AckPolicy = AckPolicy(), maxUnacknowledged: Int = 10_000) {
        self.policy = policy
        self.maxUnacknowledged = max(1, maxUnacknowledged)
    }

    /// A stanza (message, presence or iq) from the peer was handled (§4).
    public mutating func receivedStanza() {
        handled = StanzaCounter.advance(handled, by: 1)
    }

    /// Sends `stanza`, keeping it until acknowledged, and asks for an ack
    /// when the policy says so. Past `maxUnacknowledged` the stanza is kept
    /// but not sent and the stream closes: it goes with the rest of the queue
    /// (resumed, or routed again), never dropped.
    public mutating func send(_ stanza: XMLElement) -> [SMAction] {
        guard unacknowledged.count < maxUnacknowledged else {
            unacknowledged.append(stanza)
            return [.close(StreamError(
                .policyViolation, text: "More than \(maxUnacknowledged) stanzas unacknowledged"))]
        }
        unacknowledged.append(stanza)
        sentSinceRequest += 1
        var actions: [SMAction] = [.send(stanza)]
        if policy.every > 0 && sentSinceRequest >= policy.every {
            sentSinceRequest = 0
            actions.append(.send(SMElement.request.element))
        } else if let after = policy.after, !ackTimerArmed {
            ackTimerArmed = true
            actions.append(.scheduleAckRequest(after))
        }
        return actions
    }

    /// Keeps `stanza` for when the stream is resumed, without sending it
    /// (the connection is gone). `false` when the queue is full: the caller
    /// must treat the stanza as undeliverable.
    public mutating func hold(_ stanza: XMLElement) -> Bool {
        guard unacknowledged.count < maxUnacknowledged else { return false }
        unacknowledged.append(stanza)
        return true
    }

    /// The ack timer fired: ask for an ack if stanzas went out since the last request.
    public mutating func ackTimerFired() -> [SMAction] {
        ackTimerArmed = false
        guard sentSinceRequest > 0, !unacknowledged.isEmpty else { return [] }
        sentSinceRequest = 0
        return [.send(SMElement.request.element)]
    }

    /// `<r/>` from the peer: answer with our count (§4: at once).
    public func receivedRequest() -> [SMAction] {
        [.send(SMElement.ack(h: handled).element)]
    }

    /// `<a h/>` from the peer: forget what it acknowledged.
    public mutating func receivedAck(h: UInt32) -> [SMAction] {
        switch unacknowledged.acknowledge(h) {
        case .success: return []
        case .failure(let error): return [.close(error.streamError)]
        }
    }

    /// The stream is resumed and the peer handled `h` of our stanzas:
    /// forget those, send the rest again in order, and ask for an ack (§5).
    public mutating func resume(peerHandled h: UInt32) -> [SMAction] {
        if case .failure(let error) = unacknowledged.acknowledge(h) {
            return [.close(error.streamError)]
        }
        guard !unacknowledged.isEmpty else { return [] }
        var actions = unacknowledged.pending.map { SMAction.send($0) }
        actions.append(.send(SMElement.request.element))
        sentSinceRequest = 0
        return actions
    }

    /// The stream cannot be resumed: hands back what the peer never
    /// acknowledged (a server routes it as if the resource were gone, §4).
    public mutating func takeUnacknowledged() -> [XMLElement] {
        sentSinceRequest = 0
        return unacknowledged.drain()
    }
}
