/// Why a string is not a well-formed XMPP address (RFC 7622).
///
/// Whenever an entity receives an address that fails these rules in a
/// stanza's `to` or `from`, the stanza-error condition to return is always
/// `<jid-malformed/>` (RFC 6120 §8.3.3.8); a stream header's `to`/`from`
/// maps to the stream errors `host-unknown`/`invalid-from` instead, which is
/// the caller's decision, not this type's.
public struct JIDError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The portion of the address that breaks the rules.
    public enum Part: String, Sendable {
        /// The optional part before the '@' (RFC 7622 §3.3).
        case localpart
        /// The mandatory part naming the service (RFC 7622 §3.2).
        case domainpart
        /// The optional part after the '/' (RFC 7622 §3.4).
        case resourcepart
        /// The address as a whole, e.g. the empty string.
        case jid
    }

    /// The portion of the address that breaks the rules.
    public let part: Part
    /// What is wrong, readable by a person, e.g.
    /// `contains forbidden character '"'`.
    public let reason: String

    public init(part: Part, reason: String) {
        self.part = part
        self.reason = reason
    }

    /// `jid-malformed: <part> <reason>`.
    public var description: String {
        "jid-malformed: \(part.rawValue) \(reason)"
    }
}

extension JIDError {
    /// The part is present (a separator was seen) but holds no characters:
    /// every part is 1 to 1023 bytes long (RFC 7622 §3.1).
    static func empty(_ part: Part) -> JIDError {
        JIDError(part: part, reason: "is empty")
    }

    /// The part is longer than 1023 bytes of UTF-8 (RFC 7622 §3.1).
    static func tooLong(_ part: Part, bytes: Int? = nil) -> JIDError {
        let size = bytes.map { " (\($0) bytes)" } ?? ""
        return JIDError(part: part, reason: "is longer than \(JID.maximumPartBytes) bytes\(size)")
    }
}
