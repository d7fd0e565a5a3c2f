/// The server-configured limits RFC 6121 §2.3.3 lets a server put on a
/// roster set: longer values are refused with `not-acceptable`. Lengths are
/// counted in UTF-8 bytes.
public struct RosterLimits: Hashable, Sendable {
    /// The longest `name` attribute accepted.
    public var maximumNameBytes: Int
    /// The longest `<group/>` name accepted.
    public var maximumGroupBytes: Int

    /// The defaults, 1023 bytes each (the longest JID part, RFC 7622 §3.1:
    /// an arbitrary but familiar bound).
    public init(maximumNameBytes: Int = 1023, maximumGroupBytes: Int = 1023) {
        self.maximumNameBytes = maximumNameBytes
        self.maximumGroupBytes = maximumGroupBytes
    }
}
