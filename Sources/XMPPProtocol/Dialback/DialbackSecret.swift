import XMPPCore

/// The per-server secret behind dialback keys (XEP-0185 §2): set in the
/// configuration or made when the server starts, never exchanged with any
/// other party. Here it is either given or drawn from the caller's generator,
/// so a seed reproduces it.
public struct DialbackSecret: Sendable, Hashable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A secret given as text (its UTF-8 bytes), as in the XEP's examples.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// 32 bytes drawn from `random`.
    public static func make(using random: inout SeededGenerator) -> DialbackSecret {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            var word = random.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return DialbackSecret(bytes: bytes)
    }
}
