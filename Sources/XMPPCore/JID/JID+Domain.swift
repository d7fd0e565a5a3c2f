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

    static func domainError(_ reason: String) -> JIDError {
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
}
