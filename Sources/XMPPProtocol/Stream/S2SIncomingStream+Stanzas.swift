import XMPPCore

extension S2SIncomingStream {
    /// A stanza on an s2s stream (RFC 6120 §8.1.1.2, §8.1.2.2): `to` and
    /// `from` are required, and `from`'s domain must be authorized to send to
    /// `to`'s domain on this stream.
    mutating func routeStanza(_ element: XMLElement) -> [S2SIncomingAction] {
        guard element.name == "message" || element.name == "presence" || element.name == "iq" else {
            return close(StreamError(.unsupportedStanzaType, text: "<\(element.name)/> is not a stanza"))
        }
        guard let fromText = element[attribute: "from"], let toText = element[attribute: "to"] else {
            return close(StreamError(.improperAddressing, text: "Stanzas between servers need 'to' and 'from'"))
        }
        guard let from = try? JID(fromText), let to = try? JID(toText) else {
            return close(StreamError(.improperAddressing, text: "Malformed 'to' or 'from'"))
        }
        guard hostedDomains.contains(to.domainpart) else {
            return close(StreamError(.hostUnknown, text: "This server does not serve \(to.domainpart)"))
        }
        guard authorizedPairs.contains(DomainPair(from: from.domainpart, to: to.domainpart)) else {
            return close(StreamError(.invalidFrom, text: "\(from.domainpart) is not authenticated for \(to.domainpart) on this stream"))
        }
        return [.route(element)]
    }
}
