import Crypto

/// A dialback key (XEP-0220 §2.1.1, generated as XEP-0185 §2 recommends):
///
///     key = hex(HMAC-SHA256(hex(SHA256(Secret)),
///                           Receiving Server ' ' Originating Server ' ' Stream ID))
///
/// Both digests are written in lower-case hexadecimal (XEP-0185 §2 note 4),
/// so the HMAC key is the 64 ASCII characters of the secret's digest, as
/// the worked example of XEP-0185 §3 shows. The Stream ID is the id of the
/// response stream header the Receiving Server sent to the Originating Server.
public struct DialbackKey: Hashable, Sendable, CustomStringConvertible {
    /// The key as carried in character data (lower-case hex when generated).
    public let value: String

    /// A key as received, surrounding whitespace removed.
    public init(_ value: String) {
        self.value = value.trimmingXMLWhitespace()
    }

    /// Generates the key for the Originating Server (the Sender Domain) to
    /// present to the Receiving Server (the Target Domain) on the stream `streamID`.
    public init(secret: DialbackSecret, receivingServer: String, originatingServer: String, streamID: String) {
        let hashedSecret = Self.hex(SHA256.hash(data: secret.bytes))
        let message = Array("\(receivingServer) \(originatingServer) \(streamID)".utf8)
        let code = HMAC<SHA256>.authenticationCode(
            for: message, using: SymmetricKey(data: Array(hashedSecret.utf8)))
        self.value = Self.hex(code)
    }

    /// Whether `other` is this key, comparing every byte whatever the first
    /// difference (a constant-time comparison for keys of equal length; the
    /// length of a key is no secret).
    public func matches(_ other: DialbackKey) -> Bool {
        let left = Array(value.utf8), right = Array(other.value.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    public var description: String { value }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
