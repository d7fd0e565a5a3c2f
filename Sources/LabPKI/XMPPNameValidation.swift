/// The checks the CA applies before putting a name in a certificate. They are
/// deliberately narrow: JID preparation (RFC 7622) belongs to XMPPCore, which
/// LabPKI does not depend on; these only keep malformed names out of the DER.
enum XMPPNameValidation {
    /// An ASCII DNS name: dot-separated labels of letters, digits and inner
    /// hyphens, 1–63 characters each, at most 253 in all.
    static func isDNSName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count),
                label.utf8.first != UInt8(ascii: "-"), label.utf8.last != UInt8(ascii: "-")
            else { return false }
            return label.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            }
        }
    }

    /// `localpart@domain` with a non-empty localpart free of `@`, `/` and
    /// whitespace, and a domain that passes ``isDNSName(_:)``; no resource.
    static func isBareUserJID(_ jid: String) -> Bool {
        let parts = jid.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty,
            !parts[0].contains(where: { $0 == "/" || $0.isWhitespace })
        else { return false }
        return isDNSName(String(parts[1]))
    }
}
