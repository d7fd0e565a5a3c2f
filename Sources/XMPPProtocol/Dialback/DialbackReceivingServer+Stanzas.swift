import XMPPCore

extension DialbackReceivingServer {
    /// A stanza from the peer: delivered when its ('from' domain, 'to'
    /// domain) is a pair authorized on this stream; otherwise the stream
    /// closes (RFC 6120 §4.9.3), with
    /// - `unsupported-stanza-type`: not a `jabber:server` message, presence or iq;
    /// - `improper-addressing`: 'from' or 'to' missing or not a JID (§4.9.3.7);
    /// - `not-authorized`: no pair is authorized yet (§4.9.3.12: stanzas
    ///   before the stream is authenticated), or the sender is verified but
    ///   not for this Target Domain (authorization is per pair, XEP-0220 §2.1.1);
    /// - `invalid-from`: the 'from' domain was never verified on this stream
    ///   (§4.9.3.9, which names Server Dialback).
    public mutating func receivedStanza(_ stanza: XMLElement) -> [DialbackAction] {
        guard !isClosed else { return [] }
        guard stanza.namespace == XMLNamespace.server,
              stanza.name == "message" || stanza.name == "presence" || stanza.name == "iq"
        else {
            return close(StreamError(.unsupportedStanzaType, text: "<\(stanza.name)/> is not a server stanza"))
        }
        guard let from = stanza[attribute: "from"].flatMap({ try? JID($0) }),
              let to = stanza[attribute: "to"].flatMap({ try? JID($0) })
        else {
            return close(StreamError(.improperAddressing, text: "Stanzas between servers need valid 'from' and 'to'"))
        }
        let pair = DialbackDomainPair(senderDomain: from.domainpart, targetDomain: to.domainpart)
        if authorizedPairs.contains(pair) { return [.deliver(stanza)] }
        if authorizedPairs.isEmpty {
            return close(StreamError(.notAuthorized, text: "No domain pair is authorized on this stream yet"))
        }
        if authorizedPairs.contains(where: { $0.senderDomain == pair.senderDomain }) {
            return close(StreamError(.notAuthorized, text: "\(pair) is not authorized on this stream"))
        }
        return close(StreamError(.invalidFrom, text: "\(pair.senderDomain) is not verified on this stream"))
    }
}
