import XMPPCore
import XMPPNIO
import XMPPProtocol

extension ServerCore {
    /// A XEP-0198 element on a bound c2s stream.
    func handleStreamManagement(_ element: SMElement, session: C2SSession) {
        let policy = configuration.streamManagement
        switch element {
        case .enable(let resume, let requestedMax):
            guard policy.enabled else {
                session.perform([.send(SMElement.failed(condition: .featureNotImplemented, h: nil).element)])
                return
            }
            // §3: enabling twice is an error; the session keeps its counts.
            guard session.streamManagement == nil else {
                session.perform([.send(SMElement.failed(condition: .unexpectedRequest, h: nil).element)])
                return
            }
            session.streamManagement = policy.makeState()
            var id: String?
            var max: Int?
            if resume && policy.resumption {
                // The client's `max` (seconds) can shorten the server's time, never lengthen it.
                var timeout = policy.resumeTimeout
                if let requestedMax, requestedMax > 0 { timeout = min(timeout, .seconds(requestedMax)) }
                let token = newResumptionID()
                resumable[token] = session
                session.resumptionID = token
                session.resumeTimeout = timeout
                let (seconds, attoseconds) = timeout.components
                (id, max) = (token, Swift.max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0)))
            }
            session.perform([.send(SMElement.enabled(id: id, resume: id != nil, max: max, location: nil).element)])
        case .request:
            guard let state = session.streamManagement else {
                session.perform([.send(SMElement.failed(condition: .unexpectedRequest, h: nil).element)])
                return
            }
            session.perform(state.receivedRequest())
        case .ack(let h):
            guard session.streamManagement != nil else {
                session.perform([.send(SMElement.failed(condition: .unexpectedRequest, h: nil).element)])
                return
            }
            session.perform(session.streamManagement!.receivedAck(h: h))
        case .resume:
            // §5: a bound stream cannot resume another one.
            session.perform([.send(SMElement.failed(condition: .unexpectedRequest, h: session.streamManagement?.handled).element)])
        case .feature, .enabled, .resumed, .failed:
            session.handler?.close(StreamError(.unsupportedStanzaType, text: "Only a server sends this stream management element"))
        }
    }

    /// XEP-0198 §5: `account` asks, on `handler` (whose temporary session is
    /// `newcomer`), to resume the session `previd` whose peer handled `h` stanzas.
    func resume(_ previd: String, account: JID, peerHandled h: UInt32, on handler: C2SServerHandler, from newcomer: C2SSession) -> Result<JID, ResumeFailure> {
        guard let session = resumable[previd], let jid = session.jid, jid.bare == account.bare,
              session.streamManagement != nil
        else {
            // Unknown, expired or another account's: the same answer, so ids cannot be probed.
            let known = expiredResumptions[previd].flatMap { $0.account == account.bare ? $0.handled : nil }
            return .failure(ResumeFailure(.itemNotFound, h: known))
        }
        connections[ObjectIdentifier(newcomer)] = nil
        session.attach(handler)
        let handled = session.streamManagement!.handled
        handler.send(SMElement.resumed(previd: previd, h: handled).element)
        session.perform(session.streamManagement!.resume(peerHandled: h))
        session.startKeepalive()
        logger.debug("c2s resumed", metadata: ["session": "\(session.number)", "jid": "\(jid)"])
        return .success(jid)
    }

    /// Stanzas a session could not get to its client (never acknowledged
    /// before the session ended, or beyond its queue while it hibernated):
    /// routed again as if the resource were gone (XEP-0198 §4: bounced with
    /// an error, sent to another resource, or stored offline; never dropped).
    func undeliverable(_ stanzas: [XMLElement], session: C2SSession) {
        for stanza in stanzas {
            guard let to = stanza[attribute: "to"].flatMap({ try? JID($0) }) else {
                record(ignored: stanza, reason: "unacknowledged stanza without a 'to'")
                continue
            }
            if stanza.name == "presence" {
                // Presence is state, not a message: the next broadcast supersedes it.
                record(ignored: stanza, reason: "unacknowledged presence for \(to), whose session ended")
            } else if hosts(to.domainpart), to.resourcepart != nil, registry.session(to) === session {
                // Still bound (the queue overflowed while hibernating): store it for the account.
                deliverLocal(stanza, to: to.bare)
            } else {
                deliverLocal(stanza, to: to)
            }
        }
    }

    /// A session that can no longer be resumed: remember how far its client
    /// got, so a late `<resume/>` hears it in `<failed h/>`.
    func forgetResumption(of session: C2SSession) {
        guard let id = session.resumptionID else { return }
        session.resumptionID = nil
        resumable[id] = nil
        if let jid = session.jid, let state = session.streamManagement {
            expiredResumptions[id] = (jid.bare, state.handled)
            expiredResumptionOrder.append(id)
            if expiredResumptionOrder.count > expiredResumptionLimit {
                expiredResumptions[expiredResumptionOrder.removeFirst()] = nil
            }
        }
    }

    private func newResumptionID() -> String {
        while true {
            let id = random.lowercaseToken(length: 20)
            if resumable[id] == nil && expiredResumptions[id] == nil { return id }
        }
    }
}
