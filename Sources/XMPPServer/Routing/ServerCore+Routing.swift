import XMPPCore
import XMPPProtocol

extension ServerCore {
    /// A stanza from a bound client, `from` already stamped (RFC 6120 §8.1.2.1).
    func routeFromClient(_ stanza: XMLElement, session: C2SSession) {
        guard let from = session.jid else { return }
        if let error = Self.validationError(stanza) {
            bounce(stanza, error: error)
            return
        }
        let to: JID?
        do {
            to = try stanza[attribute: "to"].map { try JID($0) }
        } catch {
            bounce(stanza, error: StanzaError(.jidMalformed, text: "'to' is not a valid JID: \(error)"))
            return
        }
        switch stanza.name {
        case "message": routeMessage(stanza, to: to ?? from.bare)
        case "presence": handleClientPresence(stanza, to: to, session: session)
        default: handleClientIQ(stanza, to: to, from: from, session: session)
        }
    }

    /// The stanza-level checks of RFC 6120 §8 that XMPPCore's views make.
    static func validationError(_ stanza: XMLElement) -> StanzaError? {
        switch stanza.name {
        case "iq": IQ.validate(stanza)
        case "presence": Presence.validate(stanza)
        default: nil
        }
    }

    /// A message to `to` (RFC 6121 §8): local delivery, the server itself, or another domain.
    func routeMessage(_ message: XMLElement, to: JID) {
        guard hosts(to.domainpart) else {
            routeRemote(message, to: to)
            return
        }
        guard to.localpart != nil else {
            // Addressed to the server itself, which takes no messages.
            if message[attribute: "type"] == "error" {
                record(ignored: message, reason: "message of type error to the server")
            } else {
                bounce(message, error: StanzaError(.serviceUnavailable, text: "\(to.domainpart) does not accept messages"))
            }
            return
        }
        deliverLocal(message, to: to)
    }

    /// The RFC 6121 §8.5 decision for `to` on this server's domain.
    func decision(for stanza: XMLElement, to: JID) -> DeliveryDecision {
        guard let kind = DeliveryStanza(stanza) else {
            return .replyError(.badRequest)
        }
        return DeliveryRules.decide(kind, to: to, account: localAccount(to.bare))
    }

    func localAccount(_ account: JID) -> LocalAccount {
        // An ANONYMOUS login's account exists as long as one of its sessions does.
        guard let localpart = account.localpart,
              accounts[account.domainpart]?.account(localpart: localpart) != nil || !registry.sessions(of: account).isEmpty
        else {
            return .noSuchUser
        }
        let resources = registry.sessions(of: account).values
            .sorted { $0.number < $1.number }
            .compactMap { session -> ConnectedResource? in
                guard let resource = session.jid?.resourcepart else { return nil }
                return ConnectedResource(resource, priority: session.priority, isAvailable: session.isAvailable)
            }
        return LocalAccount(exists: true, resources: resources)
    }

    /// Delivers a message or presence to a local JID by the delivery rules.
    func deliverLocal(_ stanza: XMLElement, to: JID) {
        switch decision(for: stanza, to: to) {
        case .deliver(let resources):
            for resource in resources {
                guard let session = registry.sessions(of: to.bare)[resource] else { continue }
                session.deliver(stanza)
            }
        case .storeOffline:
            if !offline.store(stanza, for: to.bare, at: now, by: domain, limit: configuration.offlineMessageLimit) {
                bounce(stanza, error: StanzaError(.serviceUnavailable, text: "Offline storage for \(to.bare) is full"))
            }
        case .replyError(let condition):
            bounce(stanza, error: StanzaError(condition))
        case .ignore(let reason):
            record(ignored: stanza, reason: reason)
        case .handleOnBehalfOfAccount:
            handleOnBehalfOfAccount(stanza, to: to)
        }
    }

    /// Stanzas the server processes for an account (RFC 6121 §8.5.2.1.3, §3, §4.3).
    func handleOnBehalfOfAccount(_ stanza: XMLElement, to: JID) {
        switch stanza.name {
        case "iq":
            answerIQOnBehalfOfAccount(stanza, account: to.bare)
        case "presence":
            let type = Presence(stanza)?.type
            if let type, let subscription = SubscriptionStanza(type) {
                handleInboundSubscription(stanza, subscription, account: to.bare)
            } else if type == .probe {
                answerProbe(stanza, account: to.bare)
            } else {
                record(ignored: stanza, reason: "presence handled on behalf of \(to.bare)")
            }
        default:
            record(ignored: stanza, reason: "unexpected stanza handled on behalf of \(to.bare)")
        }
    }

    /// Answers `stanza` with `error` (RFC 6120 §8.3.1), routed back to its sender.
    func bounce(_ stanza: XMLElement, error: StanzaError) {
        guard var reply = XMLElement.errorReply(to: stanza, error: error) else {
            record(ignored: stanza, reason: "error of type error is never answered (\(error.condition.rawValue))")
            return
        }
        if reply[attribute: "from"] == nil { reply[attribute: "from"] = domain }
        guard let to = reply[attribute: "to"].flatMap({ try? JID($0) }) else {
            record(ignored: stanza, reason: "no sender to bounce \(error.condition.rawValue) to")
            return
        }
        routeGenerated(reply, to: to)
    }

    /// Routes a stanza the server generated (errors, presence, subscription
    /// replies) to `to`, local or remote.
    func routeGenerated(_ stanza: XMLElement, to: JID) {
        if hosts(to.domainpart) {
            deliverLocal(stanza, to: to)
        } else {
            routeRemote(stanza, to: to)
        }
    }

    /// Another domain: over s2s when the server federates; otherwise the
    /// sender gets `remote-server-not-found` (RFC 6120 §8.3.3.16) rather than silence.
    func routeRemote(_ stanza: XMLElement, to: JID) {
        guard let s2s else {
            bounce(stanza, error: StanzaError(.remoteServerNotFound, text: "\(to.domainpart) is not reachable from \(domain)"))
            return
        }
        s2s.send(stanza, to: to.domainpart)
    }

    /// A stanza from another server (already checked by the s2s stream: its
    /// `from` domain is authenticated, its `to` is this domain).
    func routeFromRemote(_ stanza: XMLElement) {
        guard let to = stanza[attribute: "to"].flatMap({ try? JID($0) }) else { return }
        // The answer to our keepalive ping comes back over the remote's own stream.
        if stanza.name == "iq", to.localpart == nil, let from = stanza[attribute: "from"].flatMap({ try? JID($0) }),
           s2s?.link(to: from.domainpart)?.keepalive?.received(stanza) == true {
            return
        }
        if let error = Self.validationError(stanza) {
            bounce(stanza, error: error)
            return
        }
        guard to.localpart != nil else {
            switch stanza.name {
            case "iq": if let iq = IQ(stanza) { answerServerIQ(iq) }
            case "message" where stanza[attribute: "type"] != "error":
                bounce(stanza, error: StanzaError(.serviceUnavailable, text: "\(to.domainpart) does not accept messages"))
            default: record(ignored: stanza, reason: "\(stanza.name) to the server itself from another server")
            }
            return
        }
        deliverLocal(stanza, to: to)
    }
}
