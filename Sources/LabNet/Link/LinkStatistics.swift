/// What crossed a link, counted over all its connections.
public struct LinkStatistics: Sendable, Hashable {
    /// Bytes and chunks delivered in one direction (counted when they come out
    /// of the link, not when they go in).
    public struct Flow: Sendable, Hashable {
        public var bytes: Int
        public var chunks: Int

        public init(bytes: Int = 0, chunks: Int = 0) {
            self.bytes = bytes
            self.chunks = chunks
        }
    }

    /// From the side that connected to the link toward the side it forwards to.
    public var towardTarget = Flow()
    /// From the target back to the side that connected.
    public var back = Flow()
    /// Connections accepted by the link's entrances.
    public var connectionsAccepted = 0
    /// Connections the link ended with a TCP reset on at least one side (a
    /// reset cut, a target that refused, or a reset that crossed from a peer).
    public var connectionsReset = 0
    /// Connections accepted and not yet finished.
    public var connectionsOpen = 0
    /// The longest delay the link's schedules gave a chunk (from the moment it
    /// was handed to the link, or from a heal for a chunk held while down).
    public var maxDelay: Duration = .zero
    /// How long the link has been down, in total.
    public var timeDown: Duration = .zero

    public init() {}

    /// Adds `other`'s counts to these (the larger `maxDelay` wins): how a
    /// link sums what its connections report.
    public mutating func add(_ other: LinkStatistics) {
        towardTarget.bytes += other.towardTarget.bytes
        towardTarget.chunks += other.towardTarget.chunks
        back.bytes += other.back.bytes
        back.chunks += other.back.chunks
        connectionsAccepted += other.connectionsAccepted
        connectionsReset += other.connectionsReset
        connectionsOpen += other.connectionsOpen
        maxDelay = max(maxDelay, other.maxDelay)
        timeDown += other.timeDown
    }

    /// Nothing counted yet.
    public var isEmpty: Bool { self == LinkStatistics() }
}
