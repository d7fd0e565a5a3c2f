import XMPPCore

/// The stanzas one side sent and the other has not acknowledged yet, in
/// order, with the count of those it has (XEP-0198 §4). The sent count is
/// `acknowledged` plus what is queued, modulo 2^32.
public struct UnackedQueue: Sendable {
    private var stanzas: [XMLElement] = []
    /// Index of the oldest unacknowledged stanza in `stanzas`; the slots
    /// before it are released in batches so an ack costs O(1) amortised.
    private var head = 0
    /// The peer's last `h`: stanzas it acknowledged since enabling, mod 2^32.
    public internal(set) var acknowledged: UInt32 = 0

    public init() {}

    public var count: Int { stanzas.count - head }
    public var isEmpty: Bool { count == 0 }
    /// Stanzas sent since enabling, mod 2^32.
    public var sent: UInt32 { StanzaCounter.advance(acknowledged, by: count) }
    /// The unacknowledged stanzas, oldest first.
    public var pending: ArraySlice<XMLElement> { stanzas[head...] }

    public mutating func append(_ stanza: XMLElement) {
        stanzas.append(stanza)
    }

    /// The peer handled `h` stanzas: drops those from the front and returns
    /// how many that was. An `h` that acknowledges more than was sent (or
    /// goes backwards, which modulo 2^32 looks the same) is an error.
    public mutating func acknowledge(_ h: UInt32) -> Result<Int, HandledCountTooHigh> {
        let newlyAcknowledged = StanzaCounter.distance(from: acknowledged, to: h)
        guard UInt64(newlyAcknowledged) <= UInt64(count) else {
            return .failure(HandledCountTooHigh(h: h, sendCount: sent))
        }
        let n = Int(newlyAcknowledged)
        head += n
        acknowledged = h
        if head == stanzas.count {
            stanzas.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= stanzas.count {
            stanzas.removeFirst(head)
            head = 0
        }
        return .success(n)
    }

    /// Empties the queue, returning what was in it (a session that ends
    /// without resumption hands its unacknowledged stanzas back).
    public mutating func drain() -> [XMLElement] {
        defer {
            acknowledged = sent
            stanzas.removeAll()
            head = 0
        }
        return Array(stanzas[head...])
    }

    /// Starts counting from zero (XEP-0198 §3: counts start at enabling).
    public mutating func reset() {
        stanzas.removeAll()
        head = 0
        acknowledged = 0
    }
}

/// An ack for more stanzas than were sent (XEP-0198 §4): the stream closes
/// with `undefined-condition` and `<handled-count-too-high/>`.
public struct HandledCountTooHigh: Error, Hashable, Sendable {
    public var h: UInt32
    public var sendCount: UInt32

    public var streamError: StreamError {
        var condition = XMLElement(name: "handled-count-too-high", namespace: XMLNamespace.streamManagement)
        condition[attribute: "h"] = String(h)
        condition[attribute: "send-count"] = String(sendCount)
        return StreamError(
            .undefinedCondition, text: "You acknowledged \(h) stanzas but \(sendCount) were sent",
            applicationCondition: condition)
    }
}
