import XMPPCore

/// The checks on a stanza arriving over an s2s stream, in whichever direction
/// the stream carries it (RFC 6120 §8.1.1.2, §8.1.2.2; XEP-0288 §2.2): it is a
/// stanza, `to` and `from` are present and well formed, `to` is a domain
/// served here and `from`'s domain is authenticated for it on this stream.
enum S2SStanzaAddressing {
    /// The stream error to close with, or nil when the stanza may be routed.
    static func violation(in element: XMLElement, hostedDomains: Set<String>, authorizedPairs: Set<DomainPair>) -> StreamError? {
        guard element.name == "message" || element.name == "presence" || element.name == "iq" else {
            return StreamError(.unsupportedStanzaType, text: "<\(element.name)/> is not a stanza")
        }
        guard let fromText = element[attribute: "from"], let toText = element[attribute: "to"] else {
            return StreamError(.improperAddressing, text: "Stanzas between servers need 'to' and 'from'")
        }
        guard let from = try? JID(fromText), let to = try? JID(toText) else {
            return StreamError(.improperAddressing, text: "Malformed 'to' or 'from'")
        }
        guard hostedDomains.contains(to.domainpart) else {
            return StreamError(.hostUnknown, text: "This server does not serve \(to.domainpart)")
        }
        guard authorizedPairs.contains(DomainPair(from: from.domainpart, to: to.domainpart)) else {
            return StreamError(.invalidFrom, text: "\(from.domainpart) is not authenticated for \(to.domainpart) on this stream")
        }
        return nil
    }

    /// The domain pair a stanza's `from` and `to` name, or nil when either is missing or malformed.
    static func pair(of element: XMLElement) -> DomainPair? {
        guard let fromText = element[attribute: "from"], let toText = element[attribute: "to"],
              let from = try? JID(fromText), let to = try? JID(toText) else { return nil }
        return DomainPair(from: from.domainpart, to: to.domainpart)
    }
}
