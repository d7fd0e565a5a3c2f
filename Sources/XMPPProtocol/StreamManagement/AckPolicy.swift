/// When a sender asks for acks (XEP-0198 §4 leaves it to the implementation):
/// after every `every` stanzas, and `after` a stanza went out unacknowledged
/// if no request followed it by then. Both off means acks come only when
/// the peer volunteers them.
public struct AckPolicy: Hashable, Sendable {
    /// Ask after this many stanzas sent since the last request (0: never by count).
    public var every: Int
    /// Ask this long after a stanza went out with no request since (nil: never by time).
    public var after: Duration?

    public init(every: Int = 5, after: Duration? = .seconds(1)) {
        self.every = max(0, every)
        self.after = after
    }
}
