import Foundation

// IP-literal and IPv4address domainparts (RFC 7622 §3.2, RFC 3986 §3.2.2).
extension JID {
    // MARK: IP addresses

    /// Parses a dotted-quad IPv4 address (RFC 3986 `IPv4address`: four
    /// decimal octets 0–255 without leading zeros).
    static func parseIPv4(_ bytes: [UInt8]) -> [UInt8]? {
        var octets: [UInt8] = []
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets.count < 3 else { return nil }
                octets.append(UInt8(value))
                value = 0
                digits = 0
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            if digits == 1 && value == 0 { return nil }  // leading zero
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            guard value <= 255 else { return nil }
        }
        guard digits > 0, octets.count == 3 else { return nil }
        octets.append(UInt8(value))
        return octets
    }

    /// Checks `[IPv6address]` and returns it in canonical form.
    static func prepareIPLiteral(_ input: Substring) throws(JIDError) -> String {
        let bytes = Array(input.utf8)
        guard bytes.count >= 2, bytes.last == UInt8(ascii: "]") else {
            throw domainError("is an IP literal without its closing ']'")
        }
        let inner = bytes[1..<(bytes.count - 1)]
        if let first = inner.first, first | 0x20 == UInt8(ascii: "v") {
            throw domainError("is an IPvFuture literal, which is not supported")
        }
        if inner.contains(UInt8(ascii: "%")) {
            throw domainError("is an IPv6 literal with a zone identifier, which is not allowed")
        }
        guard let groups = parseIPv6(inner) else {
            throw domainError("is not a valid IPv6 address: \(input)")
        }
        return "[" + formatIPv6(groups) + "]"
    }

    /// Parses the text of an IPv6 address (RFC 4291 §2.2, RFC 3986
    /// `IPv6address`): eight groups of 1–4 hex digits separated by ':', one
    /// "::" standing for one or more zero groups, and optionally a dotted
    /// IPv4 address as the last 32 bits.
    static func parseIPv6(_ text: ArraySlice<UInt8>) -> [UInt16]? {
        let bytes = Array(text)
        let colon = UInt8(ascii: ":")
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        var index = 0
        if bytes.starts(with: [colon, colon]) {
            compressed = true
            index = 2
        }
        while index < bytes.count {
            var end = index
            while end < bytes.count && bytes[end] != colon { end += 1 }
            let token = bytes[index..<end]
            var groups: [UInt16] = []
            if token.contains(UInt8(ascii: ".")) {
                // An embedded IPv4 address ends the text.
                guard end == bytes.count, let octets = parseIPv4(Array(token)) else { return nil }
                groups = [UInt16(octets[0]) << 8 | UInt16(octets[1]), UInt16(octets[2]) << 8 | UInt16(octets[3])]
            } else {
                guard (1...4).contains(token.count) else { return nil }
                var value: UInt16 = 0
                for byte in token {
                    guard let digit = hexValue(byte) else { return nil }
                    value = value << 4 | digit
                }
                groups = [value]
            }
            if compressed { tail += groups } else { head += groups }
            guard end < bytes.count else { break }
            if end + 1 < bytes.count && bytes[end + 1] == colon {
                guard !compressed else { return nil }  // "::" at most once
                compressed = true
                index = end + 2
            } else {
                index = end + 1
                guard index < bytes.count else { return nil }  // trailing single ':'
            }
        }
        let count = head.count + tail.count
        if compressed {
            guard count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - count) + tail
        }
        guard count == 8 else { return nil }
        return head
    }

    private static func hexValue(_ byte: UInt8) -> UInt16? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt16(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt16(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt16(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Formats eight groups as RFC 5952 §4 recommends: lower-case hex without
    /// leading zeros, the longest run (the first, if tied) of two or more
    /// zero groups shortened to "::", and IPv4-mapped addresses in mixed
    /// notation (`::ffff:192.0.2.1`, §5).
    static func formatIPv6(_ groups: [UInt16]) -> String {
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            let octets = [groups[6] >> 8, groups[6] & 0xFF, groups[7] >> 8, groups[7] & 0xFF]
            return "::ffff:" + octets.map { String($0) }.joined(separator: ".")
        }
        var bestStart = -1
        var bestLength = 1
        var runStart = 0
        while runStart < groups.count {
            guard groups[runStart] == 0 else {
                runStart += 1
                continue
            }
            var runEnd = runStart
            while runEnd < groups.count && groups[runEnd] == 0 { runEnd += 1 }
            if runEnd - runStart > bestLength {
                bestStart = runStart
                bestLength = runEnd - runStart
            }
            runStart = runEnd
        }
        let hex = { (slice: ArraySlice<UInt16>) in slice.map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(groups[...]) }
        return hex(groups[..<bestStart]) + "::" + hex(groups[(bestStart + bestLength)...])
    }
}
