import XMPPCore

extension S2SIncomingStream {
    /// `<db:result/>` (receiving role) and `<db:verify/>` (authoritative
    /// role), XEP-0220 §2.1–§2.2, through `DialbackReceivingServer`: TLS
    /// first when our policy requires it, a domain we do not host answered
    /// `item-not-found`, one verification per pair at a time, a pair already
    /// verified answered at once.
    mutating func handleDialback(_ element: XMLElement) -> [S2SIncomingAction] {
        guard policy.dialback, receiving != nil else {
            return close(StreamError(.unsupportedStanzaType, text: "Server Dialback is not enabled here"))
        }
        let request: DialbackElement
        do {
            request = try DialbackElement(parsing: element)
        } catch {
            return close(error)
        }
        guard request.key != nil else {
            return close(StreamError(.unsupportedStanzaType, text: "Unsolicited dialback answer"))
        }
        return perform(receiving!.received(request))
    }

    /// The authoritative server's verdict arrived (XEP-0220 §2.1.3); taken
    /// only for a verification this stream asked for (§3.1).
    public mutating func dialbackVerified(originating: String, receiving domain: String, verdict: DialbackVerdict) -> [S2SIncomingAction] {
        if case .closed = stage { return [] }
        guard receiving != nil, let streamID else { return [] }
        let answer: DialbackElement.Content
        switch verdict {
        case .valid: answer = .valid
        case .invalid: answer = .invalid
        case .error(let condition):
            let pair = DialbackDomainPair(senderDomain: originating, targetDomain: domain)
            return perform(receiving!.verificationFailed(pair, condition: condition))
        }
        return perform(receiving!.verificationAnswered(DialbackElement(name: .verify, from: originating, to: domain, id: streamID, content: answer)))
    }

    /// The dialback roles' requests in this stream's terms.
    private mutating func perform(_ actions: [DialbackAction]) -> [S2SIncomingAction] {
        var result: [S2SIncomingAction] = []
        for action in actions {
            switch action {
            case .send(let element):
                result.append(.send(element.element))
            case .requestVerification(let verify, _):
                // From the Target Domain to the Sender Domain, with our stream id and the key.
                result.append(.verifyDialback(originating: verify.to, receiving: verify.from, streamID: verify.id ?? "", key: verify.key?.value ?? ""))
            case .authorized(let pair):
                authorizedPairs.insert(pair)
                result.append(.authorized(remoteDomain: pair.senderDomain, localDomain: pair.targetDomain, method: .dialback))
                result += announceSendablePairs()
            case .close(let error):
                result += close(error)
            case .failed, .deliver, .sendStanza, .bounce, .reroute:
                // A refusal is in the answer already sent; stanzas go through the stream's own checks.
                break
            }
        }
        return result
    }
}
