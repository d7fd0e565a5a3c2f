/// An XMPP address (RFC 7622 §3), historically a "Jabber Identifier":
/// `[ localpart "@" ] domainpart [ "/" resourcepart ]`.
///
/// The domainpart names the service, the optional localpart an entity at
/// that service (typically an account), and the optional resourcepart a
/// particular session or other resource of that entity.
///
/// A `JID` only ever holds prepared (normalised) parts, so equality and
/// hashing compare addresses the way RFC 7622 §3 says they must be compared:
/// the localpart and domainpart case-insensitively (they are stored
/// lower-cased), the resourcepart case-sensitively, all in Unicode NFC.
///
/// Build one with ``init(_:)`` from its string form or
/// ``init(localpart:domainpart:resourcepart:)`` from its parts; both throw
/// ``JIDError`` (stanza error `jid-malformed`) for malformed input.
public struct JID: Hashable, Sendable, CustomStringConvertible {
    /// The part before the '@', if any (RFC 7622 §3.3): case-mapped to lower
    /// case and in NFC.
    public let localpart: String?
    /// The mandatory part naming the service (RFC 7622 §3.2): a lower-cased
    /// NFC domain name without its trailing dot, a dotted-quad IPv4 address,
    /// or a bracketed IPv6 address in its RFC 5952 text form.
    public let domainpart: String
    /// The part after the first '/', if any (RFC 7622 §3.4): NFC, case
    /// preserved; may itself contain '@' and '/'.
    public let resourcepart: String?

    /// Assembles a JID from parts that have already been prepared.
    init(preparedLocalpart localpart: String?, domainpart: String, resourcepart: String?) {
        self.localpart = localpart
        self.domainpart = domainpart
        self.resourcepart = resourcepart
    }

    /// The "bare JID" `localpart@domainpart` (or just `domainpart`): this
    /// address without its resourcepart.
    public var bare: JID {
        if resourcepart == nil { return self }
        return JID(preparedLocalpart: localpart, domainpart: domainpart, resourcepart: nil)
    }

    /// The address of the service alone: only the domainpart.
    public var domain: JID {
        if isDomain { return self }
        return JID(preparedLocalpart: nil, domainpart: domainpart, resourcepart: nil)
    }

    /// Whether this is a bare JID, i.e. has no resourcepart.
    public var isBare: Bool { resourcepart == nil }

    /// Whether this is a domain-only address (no localpart, no resourcepart).
    public var isDomain: Bool { localpart == nil && resourcepart == nil }

    /// This address with its resourcepart replaced; `nil` gives the bare JID.
    public func with(resource: String?) throws(JIDError) -> JID {
        guard let resource else { return bare }
        let prepared = try JID.prepareResourcepart(resource[...])
        return JID(preparedLocalpart: localpart, domainpart: domainpart, resourcepart: prepared)
    }

    /// The address in its string form, built from the normalised parts:
    /// parsing it again yields an equal `JID`.
    public var description: String {
        var text = ""
        text.reserveCapacity(
            (localpart?.utf8.count ?? -1) + 1 + domainpart.utf8.count + 1 + (resourcepart?.utf8.count ?? -1)
        )
        if let localpart {
            text += localpart
            text += "@"
        }
        text += domainpart
        if let resourcepart {
            text += "/"
            text += resourcepart
        }
        return text
    }
}
