import Foundation

// The domainpart (RFC 7622 §3.2): `IP-literal / IPv4address / ifqdn`.

extension JID {
    /// The largest DNS label, in bytes (RFC 1035 §2.3.4); for an
    /// internationalised label this is the size of its A-label.
    static let maximumLabelBytes = 63

    /// Prepares and enforces a domainpart.
    ///
    /// - `[…]`: an IPv6 address literal (RFC 3986 `IP-literal`), stored in
    ///   its RFC 5952 canonical text form so equal addresses compare equal.
    ///   IPvFuture literals and zone identifiers (RFC 6874, obsoleted by
    ///   RFC 9844) are rejected.
    /// - Only digits and dots: a dotted-quad IPv4 address (RFC 3986
    ///   `IPv4address`, no leading zeros). A name like `999.1.1.1` would
    ///   pass the DNS label rules, but an all-numeric name is never a usable
    ///   host name (RFC 3696 §2), so it is rejected as a malformed IPv4
    ///   literal rather than taken as a domain name.
    /// - Otherwise a domain name: one trailing dot is removed (RFC 7622
    ///   §3.2); labels are 1–63 bytes; ASCII labels follow the STD3 LDH rule
    ///   (letters, digits, hyphen; no hyphen first or last) and are
    ///   lower-cased. Non-ASCII input is first mapped as RFC 5895 suggests
    ///   (width mapping, ideographic full stops to '.', lower case, NFC) and
    ///   each non-ASCII label must be an IDNA2008 U-label (RFC 5891/5892).
    ///   A-labels (`xn--…`) are converted to U-labels, as RFC 7622 §3.2.1
    ///   requires, so `xn--mnchen-3ya.de` and `münchen.de` are equal.
    /// - The whole domainpart is 1–1023 bytes after all of this.
    ///
    /// Not checked: the Bidi rule (RFC 5893), for want of a Bidi_Class
    /// property in Swift, and the 253-byte DNS name limit, which RFC 7622
    /// does not impose.
    static func prepareDomainpart(_ input: Substring) throws(JIDError) -> String {
        guard !input.isEmpty else { throw JIDError.empty(.domainpart) }
        guard input.utf8.count <= maximumRawPartBytes else { throw JIDError.tooLong(.domainpart) }
        if input.utf8.first == UInt8(ascii: "[") { return try prepareIPLiteral(input) }
        return try prepareASCIIDomainName(input)
    }

    private static func domainError(_ reason: String) -> JIDError {
        JIDError(part: .domainpart, reason: reason)
    }

    // MARK: Domain names, ASCII fast path

    /// Checks an all-ASCII domain name (or IPv4 address) in one pass over its
    /// bytes; hands over to ``prepareUnicodeDomainName(_:)`` at the first
    /// non-ASCII byte.
    private static func prepareASCIIDomainName(_ input: Substring) throws(JIDError) -> String {
        let name = withoutTrailingDot(input)
        guard !name.isEmpty else { throw JIDError.empty(.domainpart) }

        let bytes = name.utf8
        var labelStart = bytes.startIndex
        var labelLength = 0
        var onlyDigitsAndDots = true
        var needsLowercasing = false
        var hasALabel = false
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "."):
                hasALabel = try checkLDHLabel(name[labelStart..<index], length: labelLength) || hasALabel
                labelLength = 0
                index = bytes.index(after: index)
                labelStart = index
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                break
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "-"):
                onlyDigitsAndDots = false
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                onlyDigitsAndDots = false
                needsLowercasing = true
            case 0x80...:
                return try prepareUnicodeDomainName(input)
            default:
                throw domainError(asciiDomainViolation(byte))
            }
            labelLength += 1
            index = bytes.index(after: index)
        }
        hasALabel = try checkLDHLabel(name[labelStart...], length: labelLength) || hasALabel

        if onlyDigitsAndDots {
            guard parseIPv4(Array(bytes)) != nil else {
                throw domainError("is not a valid IPv4 address: \(name)")
            }
            return String(name)
        }
        guard bytes.count <= maximumPartBytes else { throw JIDError.tooLong(.domainpart, bytes: bytes.count) }
        let lowered = needsLowercasing ? name.lowercased() : String(name)
        return hasALabel ? try convertingALabels(lowered) : lowered
    }

    /// `name` without one final label separator (RFC 7622 §3.2).
    private static func withoutTrailingDot(_ name: Substring) -> Substring {
        guard name.utf8.last == UInt8(ascii: ".") else { return name }
        return name[..<name.utf8.index(before: name.endIndex)]
    }

    /// Checks the length and hyphen placement of an LDH label whose bytes
    /// are already known to be letters, digits or hyphens; returns whether
    /// it is an A-label (starts with "xn--").
    private static func checkLDHLabel(_ label: Substring, length: Int) throws(JIDError) -> Bool {
        guard length > 0 else { throw domainError("contains an empty label") }
        guard length <= maximumLabelBytes else {
            throw domainError("has a label longer than \(maximumLabelBytes) bytes (\(length) bytes)")
        }
        if label.utf8.first == UInt8(ascii: "-") { throw domainError("has a label starting with a hyphen: '\(label)'") }
        if label.utf8.last == UInt8(ascii: "-") { throw domainError("has a label ending with a hyphen: '\(label)'") }
        return length >= 4 && label.utf8.prefix(4).map { $0 | 0x20 }.elementsEqual("xn--".utf8)
    }

    private static func asciiDomainViolation(_ byte: UInt8) -> String {
        let scalar = Unicode.Scalar(byte)
        return byte < 0x20 || byte == 0x7F ? CodePoints.control(scalar) : CodePoints.forbidden(scalar)
    }

    // MARK: Internationalised domain names

    /// The non-ASCII path: RFC 5895 mapping, then label-by-label checks.
    private static func prepareUnicodeDomainName(_ input: Substring) throws(JIDError) -> String {
        var mapped = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            var widthMapped = String.UnicodeScalarView()
            CodePoints.appendWidthMapped(scalar, to: &widthMapped)
            for part in widthMapped {
                // IDEOGRAPHIC FULL STOP (and, after width mapping, its
                // fullwidth and halfwidth forms) separates labels too.
                mapped.append(part.value == 0x3002 ? "." : part)
            }
        }
        let normalized = String(mapped).lowercased().precomposedStringWithCanonicalMapping
        if normalized.utf8.allSatisfy({ $0 < 0x80 }) {
            // e.g. fullwidth ASCII: now an ordinary name or IPv4 address.
            return try prepareASCIIDomainName(normalized[...])
        }
        let name = withoutTrailingDot(normalized[...])
        guard !name.isEmpty else { throw JIDError.empty(.domainpart) }

        var labels: [String] = []
        for label in splitLabels(name) {
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                labels.append(try prepareASCIILabel(label))
            } else {
                try checkULabel(label)
                labels.append(String(label))
            }
        }
        let prepared = labels.joined(separator: ".")
        let size = prepared.utf8.count
        guard size <= maximumPartBytes else { throw JIDError.tooLong(.domainpart, bytes: size) }
        return prepared
    }

    /// The labels of `name`, split at each '.' byte (not at each '.'
    /// Character, which a following combining mark would hide).
    private static func splitLabels(_ name: Substring) -> [Substring] {
        var labels: [Substring] = []
        var start = name.startIndex
        var index = name.startIndex
        let bytes = name.utf8
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: ".") {
                labels.append(name[start..<index])
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        labels.append(name[start...])
        return labels
    }

    /// Checks one lower-cased ASCII label of a mixed name; decodes A-labels.
    private static func prepareASCIILabel(_ label: Substring) throws(JIDError) -> String {
        for byte in label.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                continue
            default:
                throw domainError(asciiDomainViolation(byte))
            }
        }
        let isALabel = try checkLDHLabel(label, length: label.utf8.count)
        return isALabel ? try decodeALabel(label) : String(label)
    }

    /// Replaces every A-label of a lower-cased LDH name by its U-label.
    private static func convertingALabels(_ name: String) throws(JIDError) -> String {
        var labels: [String] = []
        for label in splitLabels(name[...]) {
            labels.append(try prepareASCIILabel(label))
        }
        let converted = labels.joined(separator: ".")
        let size = converted.utf8.count
        guard size <= maximumPartBytes else { throw JIDError.tooLong(.domainpart, bytes: size) }
        return converted
    }

    /// Converts an A-label to its U-label (RFC 5891 §5.4): the Punycode must
    /// decode, re-encode to the same text, yield a non-ASCII label already
    /// in the mapped form (lower case, NFC), and that label must be valid.
    private static func decodeALabel(_ label: Substring) throws(JIDError) -> String {
        let encoded = Array(label.utf8.dropFirst(4))
        guard let scalars = Punycode.decode(encoded),
              scalars.contains(where: { !$0.isASCII }),
              Punycode.encode(scalars).map({ Array($0.utf8) }) == encoded
        else {
            throw domainError("contains an invalid A-label: '\(label)'")
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let uLabel = String(view)
        let normalized = uLabel.lowercased().precomposedStringWithCanonicalMapping
        guard normalized.unicodeScalars.elementsEqual(uLabel.unicodeScalars) else {
            throw domainError("contains an A-label whose U-label is not in normal form: '\(label)'")
        }
        try checkULabel(uLabel[...])
        return uLabel
    }

    /// Checks a mapped (lower-cased, NFC) non-ASCII label against IDNA2008:
    /// the hyphen rules, no leading combining mark (RFC 5891 §5.4), every
    /// code point PVALID or allowed by its contextual rule (RFC 5892), and an
    /// A-label of at most 63 bytes.
    private static func checkULabel(_ label: Substring) throws(JIDError) {
        let scalars = Array(label.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else {
            throw domainError("contains an empty label")
        }
        if first == "-" { throw domainError("has a label starting with a hyphen: '\(label)'") }
        if last == "-" { throw domainError("has a label ending with a hyphen: '\(label)'") }
        if scalars.count >= 4 && scalars[2] == "-" && scalars[3] == "-" {
            throw domainError("has a label with hyphens in the third and fourth positions: '\(label)'")
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            throw domainError("has a label starting with a combining mark: '\(label)'")
        default:
            break
        }
        for (index, scalar) in scalars.enumerated() {
            switch CodePoints.idnaProperty(scalar) {
            case .pvalid:
                continue
            case .contextual:
                if !CodePoints.contextAllows(scalars, at: index) {
                    throw domainError(CodePoints.contextViolation(scalar))
                }
            case .disallowed:
                let reason = scalar.isASCII
                    ? asciiDomainViolation(UInt8(scalar.value)) : CodePoints.disallowed(scalar)
                throw domainError(reason)
            case .unassigned:
                throw domainError(CodePoints.unassigned(scalar))
            }
        }
        let aLabelBytes = 4 + (Punycode.encode(scalars)?.utf8.count ?? Int.max - 4)
        guard aLabelBytes <= maximumLabelBytes else {
            throw domainError("has a label longer than \(maximumLabelBytes) bytes as an A-label: '\(label)'")
        }
    }

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
    private static func prepareIPLiteral(_ input: Substring) throws(JIDError) -> String {
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

// MARK: - IDNA2008 code point property (RFC 5892 §3)

extension JID.CodePoints {
    /// The IDNA2008 property of a lower-cased code point, following the
    /// order of the derivation in RFC 5892 §3.
    static func idnaProperty(_ scalar: Unicode.Scalar) -> Property {
        if let property = exception(scalar) { return property }
        let properties = scalar.properties
        if properties.generalCategory == .unassigned && !properties.isNoncharacterCodePoint { return .unassigned }
        if scalar.isASCII {  // LDH
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39, 0x2D: return .pvalid
            default: return .disallowed
            }
        }
        if isJoinControl(scalar) { return .contextual }
        if properties.changesWhenNFKCCaseFolded { return .disallowed }  // Unstable
        if properties.isDefaultIgnorableCodePoint || properties.isWhitespace
            || properties.isNoncharacterCodePoint { return .disallowed }  // IgnorableProperties
        switch scalar.value {  // IgnorableBlocks
        case 0x20D0...0x20FF, 0x1D100...0x1D24F: return .disallowed
        default: break
        }
        if isOldHangulJamo(scalar) { return .disallowed }
        return isLetterDigit(properties.generalCategory) ? .pvalid : .disallowed
    }
}

// MARK: - Punycode (RFC 3492)

extension JID {
    /// The Bootstring parameters and algorithms of RFC 3492, used to turn
    /// A-labels into U-labels and to measure a U-label's A-label length.
    enum Punycode {
        private static let base = 36
        private static let tMin = 1
        private static let tMax = 26
        private static let skew = 38
        private static let damp = 700
        private static let initialBias = 72
        private static let initialN = 0x80
        private static let limit = Int(Int32.max)

        /// The Punycode text (without "xn--") of `scalars`, or `nil` if a
        /// count overflows.
        static func encode(_ scalars: [Unicode.Scalar]) -> String? {
            var output: [UInt8] = scalars.filter(\.isASCII).map { UInt8($0.value) }
            let basicCount = output.count
            var handled = basicCount
            if basicCount > 0 { output.append(UInt8(ascii: "-")) }

            var n = initialN
            var delta = 0
            var bias = initialBias
            while handled < scalars.count {
                guard let next = scalars.lazy.map({ Int($0.value) }).filter({ $0 >= n }).min() else { return nil }
                delta += (next - n) * (handled + 1)
                guard delta <= limit else { return nil }
                n = next
                for scalar in scalars {
                    let value = Int(scalar.value)
                    if value < n {
                        delta += 1
                        guard delta <= limit else { return nil }
                    }
                    guard value == n else { continue }
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias: bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, points: handled + 1, first: handled == basicCount)
                    delta = 0
                    handled += 1
                }
                delta += 1
                n += 1
            }
            return String(decoding: output, as: UTF8.self)
        }

        /// The code points encoded by Punycode text (without "xn--"), or
        /// `nil` if it is not valid Punycode.
        static func decode(_ input: [UInt8]) -> [Unicode.Scalar]? {
            let delimiter = input.lastIndex(of: UInt8(ascii: "-"))
            var output: [Unicode.Scalar] = []
            if let delimiter {
                for byte in input[..<delimiter] {
                    guard byte < 0x80 else { return nil }
                    output.append(Unicode.Scalar(byte))
                }
            }
            var position = delimiter.map { $0 + 1 } ?? 0
            var n = initialN
            var i = 0
            var bias = initialBias
            while position < input.count {
                let oldI = i
                var weight = 1
                var k = base
                while true {
                    guard position < input.count, let value = digitValue(input[position]) else { return nil }
                    position += 1
                    i += value * weight
                    guard i <= limit else { return nil }
                    let t = threshold(k, bias: bias)
                    if value < t { break }
                    weight *= base - t
                    guard weight <= limit else { return nil }
                    k += base
                }
                let count = output.count + 1
                bias = adapt(i - oldI, points: count, first: oldI == 0)
                n += i / count
                i %= count
                guard n >= initialN, let scalar = Unicode.Scalar(UInt32(clamping: n)) else { return nil }
                output.insert(scalar, at: i)
                i += 1
            }
            return output
        }

        private static func threshold(_ k: Int, bias: Int) -> Int {
            if k <= bias { return tMin }
            if k >= bias + tMax { return tMax }
            return k - bias
        }

        private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        /// 0–25 are "a"–"z", 26–35 are "0"–"9".
        private static func digit(_ value: Int) -> UInt8 {
            value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
        }

        private static func digitValue(_ byte: UInt8) -> Int? {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 26
            default: nil
            }
        }
    }
}
