import XMPPCore
import XMPPProtocol

extension ServerCore {
    /// Presence from a bound client (RFC 6121 §4): broadcast, directed, or subscription management.
    func handleClientPresence(_ stanza: XMLElement, to: JID?, session: C2SSession) {
        guard let presence = Presence(stanza), let from = session.jid else { return }
        if let type = presence.type, let subscription = SubscriptionStanza(type) {
            guard let to else {
                bounce(stanza, error: StanzaError(.badRequest, text: "A subscription stanza needs a 'to'"))
                return
            }
            handleOutboundSubscription(stanza, subscription, account: from.bare, contact: to.bare)
            return
        }
        switch presence.type {
        case nil, .unavailable:
            if let to {
                sendDirectedPresence(stanza, to: to, session: session)
            } else if presence.type == nil {
                broadcastAvailable(stanza, session: session)
            } else {
                endPresence(of: session, with: stanza)
            }
        case .probe:
            record(ignored: stanza, reason: "RFC 6121 §4.3: presence probes come from servers, not clients")
        default:
            // type='error' from a client: routed like directed presence.
            if let to { routeGenerated(stanza, to: to) } else { record(ignored: stanza, reason: "presence error without 'to'") }
        }
    }

    /// Initial or subsequent available presence (RFC 6121 §4.2, §4.4).
    func broadcastAvailable(_ stanza: XMLElement, session: C2SSession) {
        guard let from = session.jid, let presence = Presence(stanza) else { return }
        let priority: Int8
        do {
            priority = try presence.validatedPriority()
        } catch {
            bounce(stanza, error: error)
            return
        }
        let isInitial = !session.isAvailable
        session.presence = stanza
        session.priority = priority
        let account = from.bare
        // Every contact subscribed to the user (subscription from or both).
        for entry in rosters.entries(of: account) where entry.state.subscription.includesFrom {
            var copy = stanza
            copy[attribute: "to"] = entry.contact.description
            routeGenerated(copy, to: entry.contact)
        }
        // The user's own available resources, the sender included (§4.2.2, §4.4.2).
        for other in registry.sessions(of: account).values where other.isAvailable {
            var copy = stanza
            copy[attribute: "to"] = other.jid?.description
            other.deliver(copy)
        }
        guard isInitial else { return }
        // Probes (§4.3): the current presence of every contact the user is subscribed to.
        for entry in rosters.entries(of: account) where entry.state.subscription.includesTo {
            probe(entry.contact, for: session)
        }
        // The user's other available resources' presence to the new one.
        for other in registry.sessions(of: account).values where other !== session {
            if let otherPresence = other.presence {
                var copy = otherPresence
                copy[attribute: "to"] = from.description
                session.deliver(copy)
            }
        }
        // Subscription requests that waited for an available resource (§3.1.3).
        for entry in rosters.entries(of: account) where entry.state.pendingIn {
            session.deliver(Self.presence(.subscribe, from: entry.contact, to: account))
        }
        // Stored messages (§8.5.2.2.1), for a resource that may receive bare-JID messages.
        if priority >= 0 {
            for message in offline.take(for: account) { session.deliver(message) }
        }
    }

    /// The current presence of `contact` for a user's new session (RFC 6121
    /// §4.3): answered at once for local contacts; a probe for remote ones.
    func probe(_ contact: JID, for session: C2SSession) {
        guard let from = session.jid else { return }
        guard hosts(contact.domainpart) else {
            routeRemote(Self.presence(.probe, from: from.bare, to: contact), to: contact)
            return
        }
        for other in registry.sessions(of: contact).values {
            guard var presence = other.presence else { continue }
            presence[attribute: "to"] = from.description
            session.deliver(presence)
        }
    }

    /// A probe arriving for a local account (RFC 6121 §4.3.2): the current
    /// presence of each available resource, when the prober is subscribed.
    func answerProbe(_ probe: XMLElement, account: JID) {
        guard let prober = probe[attribute: "from"].flatMap({ try? JID($0) }) else { return }
        guard rosters.state(of: account, for: prober.bare).subscription.includesFrom else {
            // §4.3.2: not subscribed: the server may answer unsubscribed; xmpplab says so.
            routeGenerated(Self.presence(.unsubscribed, from: account, to: prober.bare), to: prober)
            return
        }
        for session in registry.sessions(of: account).values {
            guard var presence = session.presence else { continue }
            presence[attribute: "to"] = prober.description
            routeGenerated(presence, to: prober)
        }
    }

    /// Directed presence (RFC 6121 §4.6): delivered to `to`; remembered so
    /// the recipient also learns when the session goes away.
    func sendDirectedPresence(_ stanza: XMLElement, to: JID, session: C2SSession) {
        guard let from = session.jid else { return }
        let subscribed = rosters.state(of: from.bare, for: to.bare).subscription.includesFrom
        if stanza[attribute: "type"] == nil {
            if !subscribed { session.directedPresenceRecipients.insert(to) }
        } else {
            session.directedPresenceRecipients.remove(to)
        }
        routeGenerated(stanza, to: to)
    }

    /// Unavailable presence (RFC 6121 §4.5): sent by the client, or
    /// generated when its connection ends without one.
    func endPresence(of session: C2SSession, with stanza: XMLElement? = nil) {
        guard let from = session.jid, session.isAvailable || !session.directedPresenceRecipients.isEmpty else { return }
        let unavailable = stanza ?? Self.presence(.unavailable, from: from, to: nil)
        let wasAvailable = session.isAvailable
        session.presence = nil
        if wasAvailable {
            for entry in rosters.entries(of: from.bare) where entry.state.subscription.includesFrom {
                var copy = unavailable
                copy[attribute: "to"] = entry.contact.description
                routeGenerated(copy, to: entry.contact)
            }
            for other in registry.sessions(of: from.bare).values where other.isAvailable || other === session {
                guard other !== session || stanza != nil else { continue }
                var copy = unavailable
                copy[attribute: "to"] = other.jid?.description
                other.deliver(copy)
            }
        }
        for recipient in session.directedPresenceRecipients {
            var copy = unavailable
            copy[attribute: "to"] = recipient.description
            routeGenerated(copy, to: recipient)
        }
        session.directedPresenceRecipients.removeAll()
    }

    /// A presence stanza of `type` with `from` and optional `to`.
    static func presence(_ type: PresenceType, from: JID, to: JID?) -> XMLElement {
        var attributes = [XMLAttribute(name: "from", value: from.description)]
        if let to { attributes.append(XMLAttribute(name: "to", value: to.description)) }
        attributes.append(XMLAttribute(name: "type", value: type.rawValue))
        return XMLElement(name: "presence", namespace: XMLNamespace.client, attributes: attributes)
    }
}
