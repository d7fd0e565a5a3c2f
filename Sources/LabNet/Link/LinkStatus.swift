/// How a cut link treats its connections.
public enum LinkCutMode: String, Sendable, Hashable, CaseIterable {
    /// Bytes stop crossing and nothing is lost: what is in flight is held, the
    /// senders are pushed back (TCP flow control), new connections wait, and
    /// all of it flows again when the link heals.
    case blackhole
    /// Every connection across the link is torn down with a TCP reset, and new
    /// connections are reset as soon as they are accepted.
    case reset
}

/// Whether a link carries bytes.
public enum LinkStatus: Sendable, Hashable {
    case up
    case down(LinkCutMode)

    public var isUp: Bool { self == .up }
}
