/// What an initiating server needs to resume an s2s stream (XEP-0198 §5):
/// the id from the receiving server's `<enabled/>` and the stanzas handled
/// from it so far.
public struct S2SResumption: Hashable, Sendable {
    public var previd: String
    public var h: UInt32

    public init(previd: String, h: UInt32) {
        self.previd = previd
        self.h = h
    }
}
