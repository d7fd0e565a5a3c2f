/// XEP-0198 §4 counts stanzas modulo 2^32: `h` wraps to 0 after 4294967295,
/// and the distance between two counts is taken modulo 2^32 too.
public enum StanzaCounter {
    /// `count` plus `n`, wrapping at 2^32.
    public static func advance(_ count: UInt32, by n: Int) -> UInt32 {
        count &+ UInt32(truncatingIfNeeded: n)
    }

    /// How many stanzas lie between `from` and `to` (`to` reached by
    /// counting forward from `from`, wrapping at 2^32).
    public static func distance(from: UInt32, to: UInt32) -> UInt32 {
        to &- from
    }
}
