import XMPPCore
import XMPPProtocol

extension ServerCore {
    /// An IQ from a bound client (RFC 6120 §8.2.3): every get/set gets exactly one reply.
    func handleClientIQ(_ stanza: XMLElement, to: JID?, from: JID, session: C2SSession) {
        guard let iq = IQ(stanza) else { return }
        guard let to, to != from.bare else {
            // No 'to' or the user's own bare JID: the server answers for the account.
            handleOwnAccountIQ(iq, session: session, account: from.bare)
            return
        }
        if !hosts(to.domainpart) {
            routeRemote(stanza, to: to)
        } else if to.localpart == nil && to.resourcepart == nil {
            answerServerIQ(iq)
        } else {
            deliverLocal(stanza, to: to)
        }
    }

    /// The account's own requests: roster, session, ping, disco.
    private func handleOwnAccountIQ(_ iq: IQ, session: C2SSession, account: JID) {
        guard iq.type.isRequest else {
            // Answers to roster pushes and the like (RFC 6121 §2.1.6).
            return
        }
        switch iq.payload?.namespace {
        case XMLNamespace.roster:
            handleRosterIQ(iq, session: session, account: account)
        case ServiceDiscovery.sessionNamespace where iq.type == .set:
            // RFC 3921 session establishment: a no-op kept for older clients (RFC 6121 Appendix E).
            session.deliver(IQ.result(for: iq).element)
        default:
            answerIQOnBehalfOfAccount(iq.element, account: account)
        }
    }

    /// An IQ to a bare JID, answered by the server for the account (RFC 6121 §8.5.2.1.3).
    func answerIQOnBehalfOfAccount(_ stanza: XMLElement, account: JID) {
        guard let iq = IQ(stanza) else { return }
        guard iq.type.isRequest else {
            record(ignored: stanza, reason: "IQ \(iq.type.rawValue) to bare JID \(account)")
            return
        }
        switch (iq.type, iq.payload?.namespace) {
        case (.get, XMLNamespace.ping):
            reply(to: iq, payload: nil)
        case (.get, XMLNamespace.discoInfo):
            reply(to: iq, payload: ServiceDiscovery.accountInfo())
        default:
            bounce(stanza, error: StanzaError(.serviceUnavailable))
        }
    }

    /// An IQ to the server's own domain: ping, disco, version.
    func answerServerIQ(_ iq: IQ) {
        guard iq.type.isRequest else {
            record(ignored: iq.element, reason: "IQ \(iq.type.rawValue) to \(iq.to?.domainpart ?? domain)")
            return
        }
        switch (iq.type, iq.payload?.namespace) {
        case (.get, XMLNamespace.ping):
            reply(to: iq, payload: nil)
        case (.get, XMLNamespace.discoInfo) where iq.payload?[attribute: "node"] == nil:
            reply(to: iq, payload: ServiceDiscovery.info(features: ServiceDiscovery.serverFeatures))
        case (.get, XMLNamespace.discoItems) where iq.payload?[attribute: "node"] == nil:
            reply(to: iq, payload: XMLElement(name: "query", namespace: XMLNamespace.discoItems))
        case (.get, ServiceDiscovery.versionNamespace):
            reply(to: iq, payload: ServiceDiscovery.version())
        case (.set, ServiceDiscovery.sessionNamespace):
            reply(to: iq, payload: nil)
        case (.get, XMLNamespace.discoInfo), (.get, XMLNamespace.discoItems):
            bounce(iq.element, error: StanzaError(.itemNotFound, text: "No such node"))
        default:
            bounce(iq.element, error: StanzaError(.serviceUnavailable))
        }
    }

    /// An IQ result routed back to the requester.
    func reply(to iq: IQ, payload: XMLElement?) {
        var result = IQ.result(for: iq, payload: payload).element
        if result[attribute: "from"] == nil { result[attribute: "from"] = domain }
        guard let to = result[attribute: "to"].flatMap({ try? JID($0) }) else { return }
        routeGenerated(result, to: to)
    }
}
