import XMPPCore

extension Keepalive {
    /// An element from the peer: `nil` when it is not the answer to the
    /// outstanding ping (route it as usual), else the actions, and the
    /// element is the keepalive's own and goes no further.
    ///
    /// The answer is an IQ `result` or `error` with the ping's id, from the
    /// pinged entity (or without `from`). An error — `service-unavailable`
    /// from a peer without XEP-0199 (§4.1), or any other — still proves the
    /// peer alive. The answer counts as traffic.
    public mutating func received(_ element: XMLElement) -> [KeepaliveAction]? {
        guard let id = outstandingPingID, let iq = IQ(element), !iq.type.isRequest, iq.id == id,
              isFromPingedEntity(iq.rawFrom)
        else { return nil }
        outstandingPingID = nil
        return receivedTraffic()
    }

    /// The pong for a ping from the peer (XEP-0199 §3): the `result` with the
    /// same id and namespace, `to` and `from` swapped (`IQ.result(for:)`).
    /// `nil` when `request` is not an IQ `get` carrying `<ping xmlns='urn:xmpp:ping'/>`.
    public static func pong(for request: XMLElement) -> XMLElement? {
        guard let iq = IQ(request), iq.type == .get, iq.id != nil,
              let payload = iq.payload, payload.name == "ping", payload.namespace == XMLNamespace.ping
        else { return nil }
        return IQ.result(for: iq).element
    }

    /// Whether an answer's `from` is the entity pinged: absent (a client's
    /// server answering for itself, RFC 6120 §8.1.2.1), or the same JID as
    /// the ping's `to` (compared as JIDs when both parse).
    func isFromPingedEntity(_ from: String?) -> Bool {
        guard let from else { return true }
        if let sender = try? JID(from), let pinged = try? JID(configuration.to) {
            return sender == pinged
        }
        return from == configuration.to
    }
}
