/// How a link treats the bytes that cross it. The same conditions apply to
/// each direction on their own: a link with 100 kB/s of bandwidth carries
/// 100 kB/s each way.
public struct LinkConditions: Sendable, Hashable {
    /// One-way delay added to every chunk (and to a connection's end).
    public var latency: Duration
    /// The most extra delay a chunk can get; each chunk draws its own, uniformly
    /// in `0...jitter`, from the link's seeded generator. Jitter never
    /// reorders bytes: a chunk is never delivered before the one sent ahead of it.
    public var jitter: Duration
    /// Bytes per second in each direction; nil: no limit. Values below 1 are
    /// treated as 1.
    public var bandwidth: Int?

    public init(latency: Duration = .zero, jitter: Duration = .zero, bandwidth: Int? = nil) {
        self.latency = latency
        self.jitter = jitter
        self.bandwidth = bandwidth
    }

    /// No delay and no limit: a link that only passes bytes on.
    public static let perfect = LinkConditions()
}
