import XMPPCore

extension C2SServerStream {
    /// A stanza from the bound client: check and stamp its `from` (RFC 6120
    /// §8.1.2.1) and hand it to the router.
    mutating func routeStanza(_ element: XMLElement, from jid: JID) -> [C2SServerAction] {
        guard element.namespace == XMLNamespace.client,
              element.name == "message" || element.name == "presence" || element.name == "iq"
        else {
            return close(StreamError(.unsupportedStanzaType, text: "<\(element.name)/> is not a stanza this server handles"))
        }
        var stanza = element
        if let from = element[attribute: "from"] {
            // The client may state its full JID or its bare JID; anything else is spoofing.
            guard let claimed = try? JID(from), claimed == jid || claimed == jid.bare else {
                return close(StreamError(.invalidFrom, text: "'from' must be \(jid)"))
            }
        }
        stanza[attribute: "from"] = jid.description
        return [.route(stanza)]
    }
}
