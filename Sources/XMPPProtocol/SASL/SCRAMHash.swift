/// The hash functions of the SCRAM family (RFC 5802, RFC 7677), named by
/// their SASL mechanism. The `-PLUS` variants (channel binding) are not
/// offered.
public enum SCRAMHash: String, Sendable, CaseIterable {
    case sha1 = "SCRAM-SHA-1"
    case sha256 = "SCRAM-SHA-256"

    /// The mechanism name, e.g. `SCRAM-SHA-256`.
    public var mechanismName: String { rawValue }

    /// The hash for a mechanism name, `nil` for any other name.
    public init?(mechanismName: String) {
        self.init(rawValue: mechanismName)
    }
}
