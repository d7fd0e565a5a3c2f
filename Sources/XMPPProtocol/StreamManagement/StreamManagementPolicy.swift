/// How an entity uses XEP-0198 on its streams.
public struct StreamManagementPolicy: Hashable, Sendable {
    /// Offer (server) or ask for (client, initiating server) stream management.
    public var enabled: Bool
    /// Offer or ask for resumable streams (§5).
    public var resumption: Bool
    /// How long a server keeps a resumable session after its connection
    /// died (the `max` it announces; a client's smaller `max` wins).
    public var resumeTimeout: Duration
    /// When to ask the peer for acks.
    public var ackPolicy: AckPolicy
    /// Unacknowledged stanzas allowed before the stream is closed.
    public var maxUnacknowledged: Int

    public init(
        enabled: Bool = true, resumption: Bool = true, resumeTimeout: Duration = .seconds(300),
        ackPolicy: AckPolicy = AckPolicy(), maxUnacknowledged: Int = 10_000
    ) {
        self.enabled = enabled
        self.resumption = resumption
        self.resumeTimeout = resumeTimeout
        self.ackPolicy = ackPolicy
        self.maxUnacknowledged = maxUnacknowledged
    }

    /// Stream management off.
    public static let disabled = StreamManagementPolicy(enabled: false, resumption: false)

    /// A fresh bookkeeping for one stream under this policy.
    public func makeState() -> StreamManagement {
        StreamManagement(policy: ackPolicy, maxUnacknowledged: maxUnacknowledged)
    }
}
