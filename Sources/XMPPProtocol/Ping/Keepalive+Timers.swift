import XMPPCore

extension Keepalive {
    /// The idle timer of `generation` fired: the peer was silent for
    /// `interval`, so ping it and wait `timeout` for an answer. Ignored when
    /// that timer was replaced or cancelled since.
    public mutating func idleTimerFired(generation fired: UInt64) -> [KeepaliveAction] {
        guard stage == .idle(generation: fired) else { return [] }
        pingsSent += 1
        let id = configuration.idPrefix + String(pingsSent)
        outstandingPingID = id
        generation &+= 1
        stage = .awaitingPong(generation: generation)
        return [.send(ping(id: id)), .scheduleTimeout(configuration.timeout, generation: generation)]
    }

    /// The timeout timer of `generation` fired: neither the pong nor any
    /// other traffic came back in time. Ignored when that timer was replaced
    /// or cancelled since.
    public mutating func timeoutFired(generation fired: UInt64) -> [KeepaliveAction] {
        guard stage == .awaitingPong(generation: fired) else { return [] }
        stage = .finished
        let text = "No answer to ping \(outstandingPingID ?? "") within \(configuration.timeout)"
        return [.peerDead(StreamError(.connectionTimeout, text: text))]
    }

    /// `<iq type='get' to=… from=… id=…><ping xmlns='urn:xmpp:ping'/></iq>`
    /// (XEP-0199 §3), attributes in `IQ`'s order.
    func ping(id: String) -> XMLElement {
        var iq = XMLElement(name: IQ.elementName, namespace: configuration.stanzaNamespace)
        iq[attribute: "type"] = IQType.get.rawValue
        iq[attribute: "to"] = configuration.to
        iq[attribute: "from"] = configuration.from
        iq[attribute: "id"] = id
        iq.append(XMLElement(name: "ping", namespace: XMLNamespace.ping))
        return iq
    }
}
