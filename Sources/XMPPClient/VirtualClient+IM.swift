import XMPPCore
import XMPPProtocol

extension VirtualClient {
    /// Sends a message; returns its id.
    @discardableResult
    public func sendMessage(to: JID, body: String, type: MessageType = .chat, id: String? = nil) -> String {
        let id = id ?? makeID(prefix: "m")
        var message = XMLElement(
            name: "message", namespace: XMLNamespace.client,
            attributes: [
                XMLAttribute(name: "to", value: to.description),
                XMLAttribute(name: "type", value: type.rawValue),
                XMLAttribute(name: "id", value: id),
            ]
        )
        message.append(XMLElement(name: "body", namespace: XMLNamespace.client, text: body))
        send(message)
        return id
    }

    /// Sends presence: available (type nil) with optional show, priority
    /// and status, or of `type`, broadcast or directed.
    public func sendPresence(
        type: PresenceType? = nil, to: JID? = nil, show: PresenceShow? = nil, priority: Int8? = nil, status: String? = nil
    ) {
        var presence = XMLElement(name: "presence", namespace: XMLNamespace.client)
        if let to { presence[attribute: "to"] = to.description }
        if let type { presence[attribute: "type"] = type.rawValue }
        if let show { presence.append(XMLElement(name: "show", namespace: XMLNamespace.client, text: show.rawValue)) }
        if let priority { presence.append(XMLElement(name: "priority", namespace: XMLNamespace.client, text: String(priority))) }
        if let status { presence.append(XMLElement(name: "status", namespace: XMLNamespace.client, text: status)) }
        send(presence)
    }

    /// Asks for a subscription to `contact`'s presence (RFC 6121 §3.1.1).
    public func subscribe(to contact: JID) {
        sendPresence(type: .subscribe, to: contact.bare)
    }

    /// Approves `contact`'s subscription request (RFC 6121 §3.1.4).
    public func approveSubscription(from contact: JID) {
        sendPresence(type: .subscribed, to: contact.bare)
    }

    /// Sends an IQ get/set and waits for its result (throws on an error reply).
    public func request(_ type: IQType, to: JID? = nil, payload: XMLElement, timeout: Duration = .seconds(5)) async throws -> XMLElement {
        let id = makeID(prefix: "iq")
        var iq = XMLElement(
            name: "iq", namespace: XMLNamespace.client,
            attributes: [XMLAttribute(name: "type", value: type.rawValue), XMLAttribute(name: "id", value: id)],
            children: [.element(payload)]
        )
        if let to { iq[attribute: "to"] = to.description }
        send(iq)
        let reply = try await waitFor(timeout: timeout) { element in
            element.name == "iq" && element[attribute: "id"] == id
                && (element[attribute: "type"] == "result" || element[attribute: "type"] == "error")
        }
        if reply[attribute: "type"] == "error" {
            let error = reply.child("error", namespace: XMLNamespace.client).flatMap { StanzaError(element: $0) }
            throw ClientError.iqError(error ?? StanzaError(.undefinedCondition))
        }
        return reply
    }

    /// Fetches the roster (RFC 6121 §2.2).
    public func roster(timeout: Duration = .seconds(5)) async throws -> [RosterItem] {
        let reply = try await request(.get, payload: XMLElement(name: "query", namespace: XMLNamespace.roster), timeout: timeout)
        return reply.child("query", namespace: XMLNamespace.roster).flatMap { RosterQuery($0) }?.items ?? []
    }

    /// XEP-0199 ping; `to` nil pings the server.
    public func ping(_ to: JID? = nil, timeout: Duration = .seconds(5)) async throws {
        let target = to ?? configuration.account.domain
        _ = try await request(.get, to: target, payload: XMLElement(name: "ping", namespace: XMLNamespace.ping), timeout: timeout)
    }
}
