import XMPPCore
import XMPPProtocol

extension ServerCore {
    /// A roster get or set from the account's own session (RFC 6121 §2).
    func handleRosterIQ(_ iq: IQ, session: C2SSession, account: JID) {
        switch iq.type {
        case .get:
            session.isInterested = true
            let version = rosters.version(of: account)
            let requested = iq.payload.flatMap { RosterQuery($0) }?.version
            let reply = requested == version
                ? RosterQuery.unchangedResult(for: iq)
                : RosterQuery.result(for: iq, items: rosters.items(of: account), version: requested == nil ? nil : version)
            session.deliver(reply.element)
        case .set:
            let request: RosterSet
            do {
                request = try RosterSet(validating: iq, account: account)
            } catch {
                bounce(iq.element, error: error)
                return
            }
            switch request {
            case .update(let item):
                let stored = rosters.update(account, with: item)
                session.deliver(IQ.result(for: iq).element)
                pushRosterItem(stored, to: account)
            case .remove(let contact):
                removeContact(contact, account: account, request: iq, session: session)
            }
        default:
            record(ignored: iq.element, reason: "roster \(iq.type.rawValue) needs no answer")
        }
    }

    /// Removing an item (RFC 6121 §2.5.2): cancel both directions first.
    private func removeContact(_ contact: JID, account: JID, request: IQ, session: C2SSession) {
        let state = rosters.state(of: account, for: contact)
        guard rosters.entry(of: account, for: contact)?.inRoster == true else {
            bounce(request.element, error: StanzaError(.itemNotFound, text: "\(contact) is not in the roster"))
            return
        }
        if state.subscription.includesTo || state.pendingOut {
            routeSubscription(Self.presence(.unsubscribe, from: account, to: contact), to: contact)
        }
        if state.subscription.includesFrom || state.pendingIn {
            sendUnavailable(from: account, to: contact)
            routeSubscription(Self.presence(.unsubscribed, from: account, to: contact), to: contact)
        }
        _ = rosters.remove(contact, from: account)
        session.deliver(IQ.result(for: request).element)
        pushRosterItem(.removal(of: contact), to: account)
    }

    /// A roster push of `item` to each interested resource of `account` (RFC 6121 §2.1.6).
    func pushRosterItem(_ item: RosterItem, to account: JID) {
        let version = rosters.version(of: account)
        for session in registry.sessions(of: account).values where session.isInterested {
            guard let jid = session.jid else { continue }
            let push = RosterPush.iq(item: item, to: jid, id: "push-" + random.lowercaseToken(length: 10), version: version)
            session.deliver(push.element)
        }
    }
}
