import XMPPCore
import XMPPProtocol

extension ServerCore {
    /// The user sent subscribe / subscribed / unsubscribe / unsubscribed
    /// (RFC 6121 §3, Appendix A.2): update the user's side, push, route.
    func handleOutboundSubscription(_ stanza: XMLElement, _ type: SubscriptionStanza, account: JID, contact: JID) {
        let transition = rosters.state(of: account, for: contact).handlingOutbound(type)
        // §3.2.2: the unavailable presence goes out while the contact is still subscribed.
        if transition.sideEffects.contains(.sendUnavailablePresenceToContact) {
            sendUnavailable(from: account, to: contact)
        }
        applyTransition(transition, account: account, contact: contact)
        if transition.forwards {
            // §3.1.2: stamped with the user's bare JID, addressed to the contact's bare JID.
            var routed = stanza
            routed[attribute: "from"] = account.description
            routed[attribute: "to"] = contact.description
            routeSubscription(routed, to: contact)
        } else {
            record(ignored: stanza, reason: "RFC 6121 A.2: outbound \(type.rawValue) in state \(transition.oldState) is not routed")
        }
        if transition.sideEffects.contains(.sendCurrentPresenceToContact) {
            sendCurrentPresence(from: account, to: contact)
        }
    }

    /// A subscription stanza for a local account (RFC 6121 §3, Appendix A.3).
    func handleInboundSubscription(_ stanza: XMLElement, _ type: SubscriptionStanza, account: JID) {
        guard let contact = stanza[attribute: "from"].flatMap({ try? JID($0) })?.bare else { return }
        let transition = rosters.state(of: account, for: contact).handlingInbound(type)
        applyTransition(transition, account: account, contact: contact)
        if transition.forwards {
            // Delivered to every available resource (§3.1.3); a subscribe
            // with none available waits as "Pending In" for the next one.
            for session in registry.sessions(of: account).values where session.isAvailable {
                var copy = stanza
                copy[attribute: "to"] = account.description
                session.deliver(copy)
            }
        } else {
            record(ignored: stanza, reason: "RFC 6121 A.3: inbound \(type.rawValue) in state \(transition.oldState) is not delivered")
        }
        if transition.sideEffects.contains(.autoReplySubscribed) {
            routeSubscription(Self.presence(.subscribed, from: account, to: contact), to: contact)
        }
        if transition.sideEffects.contains(.sendUnavailablePresenceToContact) {
            sendUnavailable(from: account, to: contact)
        }
        if transition.sideEffects.contains(.sendCurrentPresenceToContact) {
            sendCurrentPresence(from: account, to: contact)
        }
    }

    /// Stores the new state and pushes the changed item (RFC 6121 §2.1.6).
    func applyTransition(_ transition: SubscriptionTransition, account: JID, contact: JID) {
        guard transition.changesState else { return }
        let entry = rosters.setState(transition.newState, of: account, for: contact)
        if transition.rosterPush && entry.inRoster {
            pushRosterItem(entry.item, to: account)
        }
    }

    /// A subscription stanza to the contact's server: local inbound handling, or s2s.
    func routeSubscription(_ stanza: XMLElement, to contact: JID) {
        if hosts(contact.domainpart) {
            deliverLocal(stanza, to: contact)
        } else {
            routeRemote(stanza, to: contact)
        }
    }

    /// The current presence of each of the user's available resources, to the contact (§3.1.5).
    func sendCurrentPresence(from account: JID, to contact: JID) {
        for session in registry.sessions(of: account).values {
            guard var presence = session.presence else { continue }
            presence[attribute: "to"] = contact.description
            routeGenerated(presence, to: contact)
        }
    }

    /// Unavailable presence from each of the user's available resources, to the contact (§3.2.2, §3.3.3).
    func sendUnavailable(from account: JID, to contact: JID) {
        for session in registry.sessions(of: account).values where session.isAvailable {
            guard let jid = session.jid else { continue }
            routeGenerated(Self.presence(.unavailable, from: jid, to: contact), to: contact)
        }
    }
}
