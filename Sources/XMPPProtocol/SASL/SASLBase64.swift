/// Base64 (RFC 4648 §4) as RFC 6120 §6.4.2 wants it for SASL data: the
/// standard alphabet with padding, no line breaks and no whitespace.
///
/// Decoding is strict: anything but canonical base64 (a character outside
/// the alphabet, whitespace, a length that is not a multiple of four,
/// misplaced padding, or non-zero bits in the last character before the
/// padding) is rejected, which is what makes a peer's mistake visible as
/// `incorrect-encoding` instead of being silently repaired.
public enum SASLBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Value of each byte in the alphabet, 0xFF for every other byte.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The base64 text of `bytes` (empty for no bytes).
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(alphabet[Int(group >> 6 & 0x3F)])
            output.append(alphabet[Int(group & 0x3F)])
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let group = UInt32(bytes[index]) << 16
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        case 2:
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(alphabet[Int(group >> 6 & 0x3F)])
            output.append(UInt8(ascii: "="))
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of canonical base64 `text`, or `nil` if it is not that.
    /// The empty string decodes to no bytes.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let a = values[Int(input[index])], b = values[Int(input[index + 1])]
            guard a != 0xFF, b != 0xFF else { return nil }
            let third = input[index + 2], fourth = input[index + 3]
            if isLast && fourth == UInt8(ascii: "=") {
                if third == UInt8(ascii: "=") {
                    guard b & 0x0F == 0 else { return nil }
                    output.append(a << 2 | b >> 4)
                } else {
                    let c = values[Int(third)]
                    guard c != 0xFF, c & 0x03 == 0 else { return nil }
                    output.append(a << 2 | b >> 4)
                    output.append(b << 4 | c >> 2)
                }
            } else {
                let c = values[Int(third)], d = values[Int(fourth)]
                guard c != 0xFF, d != 0xFF else { return nil }
                output.append(a << 2 | b >> 4)
                output.append(b << 4 | c >> 2)
                output.append(c << 6 | d)
            }
            index += 4
        }
        return output
    }
}
