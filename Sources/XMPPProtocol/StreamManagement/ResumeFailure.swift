import XMPPCore

/// Why a XEP-0198 resumption was refused (§5): `item-not-found` for an
/// unknown or expired stream id (or one of another account),
/// `unexpected-request` when it is not the time for one; with the peer's
/// `h` when the server still knows how far the old session got.
public struct ResumeFailure: Error, Hashable, Sendable {
    public var condition: StanzaErrorCondition
    public var h: UInt32?

    public init(_ condition: StanzaErrorCondition, h: UInt32? = nil) {
        self.condition = condition
        self.h = h
    }

    /// The `<failed/>` that says so.
    public var element: SMElement { .failed(condition: condition, h: h) }
}
