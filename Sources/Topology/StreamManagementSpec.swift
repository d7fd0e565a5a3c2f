/// `stream_management:` of a server — XEP-0198 on its c2s streams. `true`
/// and `false` only switch it on or off; the mapping form sets the rest.
public struct StreamManagementSpec: Sendable, Equatable {
    /// Offer stream management to clients.
    public var enabled: Bool
    /// Offer resumable sessions (XEP-0198 §5).
    public var resumption: Bool
    /// How long a session whose connection dropped is kept for resumption;
    /// afterwards its unacknowledged stanzas are rerouted (messages stored
    /// offline, IQs bounced).
    public var resumeTimeout: Duration
    /// Ask the client for an ack after this many stanzas (0: never by count).
    public var ackEvery: Int
    /// Ask this long after a stanza went out unacknowledged (nil: never by time).
    public var ackAfter: Duration?
    /// Unacknowledged stanzas allowed before the stream is closed.
    public var maxUnacknowledged: Int

    public init(
        enabled: Bool = true, resumption: Bool = true, resumeTimeout: Duration = .seconds(300),
        ackEvery: Int = 5, ackAfter: Duration? = .seconds(1), maxUnacknowledged: Int = 10_000
    ) {
        self.enabled = enabled
        self.resumption = resumption
        self.resumeTimeout = resumeTimeout
        self.ackEvery = ackEvery
        self.ackAfter = ackAfter
        self.maxUnacknowledged = maxUnacknowledged
    }

    /// Stream management off.
    public static let disabled = StreamManagementSpec(enabled: false)
}
