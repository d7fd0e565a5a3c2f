import XMPPCore

/// Stream ids (RFC 6120 §4.7.3): unique and unpredictable per stream, drawn
/// from the generator the caller passes so a seed reproduces them.
public enum StreamIdentifier {
    /// 20 characters of base32: 100 bits.
    public static func make(using random: inout SeededGenerator) -> String {
        random.lowercaseToken(length: 20)
    }
}

extension SeededGenerator {
    /// A token of `length` characters from a lower-case base32 alphabet.
    public mutating func lowercaseToken(length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)  // 32 symbols: 5 bits each
        var bytes = [UInt8](repeating: 0, count: length)
        var bits = next()
        var available = 64
        for index in 0..<length {
            if available < 5 {
                bits = next()
                available = 64
            }
            bytes[index] = alphabet[Int(bits & 31)]
            bits >>= 5
            available -= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
