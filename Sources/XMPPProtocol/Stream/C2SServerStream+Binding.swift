import XMPPCore

extension C2SServerStream {
    /// After SASL: only a bind request is allowed (RFC 6120 §7.1).
    mutating func bind(_ element: XMLElement) -> [C2SServerAction] {
        guard let account,
              element.namespace == XMLNamespace.client, element.name == "iq",
              element[attribute: "type"] == "set",
              let request = element.child("bind", namespace: XMLNamespace.bind)
        else {
            return close(StreamError(.notAuthorized, text: "Bind a resource first"))
        }
        let iqID = element[attribute: "id"] ?? ""
        var requested: String?
        if let resource = request.child("resource", namespace: XMLNamespace.bind) {
            let text = resource.text
            if !text.isEmpty {
                // RFC 6120 §7.7.2.1: a resourcepart that cannot be prepared is bad-request.
                guard let prepared = try? JID(localpart: account.localpart, domainpart: account.domainpart, resourcepart: text) else {
                    let reply = XMLElement.errorReply(to: element, error: StanzaError(.badRequest, text: "Invalid resourcepart"))
                    return reply.map { [.send($0)] } ?? []
                }
                requested = prepared.resourcepart
            }
        }
        stage = .bindPending(iqID: iqID)
        return [.bind(account: account, requestedResource: requested)]
    }

    /// The server chose `jid` for the pending bind request.
    public mutating func bindCompleted(_ jid: JID) -> [C2SServerAction] {
        guard case .bindPending(let iqID) = stage else { return [] }
        stage = .established(jid)
        var bind = XMLElement(name: "bind", namespace: XMLNamespace.bind)
        bind.append(XMLElement(name: "jid", namespace: XMLNamespace.bind, text: jid.description))
        let result = XMLElement(
            name: "iq", namespace: XMLNamespace.client,
            attributes: [XMLAttribute(name: "type", value: "result"), XMLAttribute(name: "id", value: iqID)],
            children: [.element(bind)]
        )
        return [.send(result), .cancelNegotiationTimeout, .established(jid)]
    }

    /// The server refused the pending bind request (`conflict`, `not-allowed`,
    /// `resource-constraint`, RFC 6120 §7.6.2); the client may try again.
    public mutating func bindFailed(_ error: StanzaError) -> [C2SServerAction] {
        guard case .bindPending(let iqID) = stage else { return [] }
        stage = .binding
        let request = XMLElement(
            name: "iq", namespace: XMLNamespace.client,
            attributes: [XMLAttribute(name: "type", value: "set"), XMLAttribute(name: "id", value: iqID)]
        )
        return XMLElement.errorReply(to: request, error: error).map { [.send($0)] } ?? []
    }
}
