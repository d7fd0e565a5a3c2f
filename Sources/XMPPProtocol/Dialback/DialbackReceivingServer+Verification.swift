import XMPPCore

extension DialbackReceivingServer {
    /// The Authoritative Server answered a `<db:verify/>` this stream asked
    /// for (step 3). The answer must correlate by 'from', 'to' and 'id' with
    /// a pending request of this stream; otherwise it is dropped silently
    /// (§2.1.2, §3.1).
    public mutating func verificationAnswered(_ answer: DialbackElement) -> [DialbackAction] {
        guard !isClosed, answer.name == .verify, answer.id == streamID, !answer.isRequest else { return [] }
        let pair = DialbackDomainPair(senderDomain: answer.from, targetDomain: answer.to)
        guard pendingPairs.remove(pair) != nil else { return [] }
        switch answer.content {
        case .valid:
            authorizedPairs.insert(pair)
            return [.send(.result(from: pair.targetDomain, to: pair.senderDomain, .valid)), .authorized(pair)]
        case .invalid:
            if configuration.answersInvalidKeyWithForbidden {
                return refuse(pair, StanzaError(.forbidden, type: .cancel))
            }
            // §2.2.1: the Initiating Server is spoofing the Sender Domain.
            // Before XEP-0220 0.6 the Receiving Server had to close the
            // stream (`closesStreamOnInvalidKey`); the XEP names no stream
            // error; not-authorized is the one for failed authentication
            // (RFC 6120 §4.9.3.12).
            let actions: [DialbackAction] = [
                .send(.result(from: pair.targetDomain, to: pair.senderDomain, .invalid)),
                .failed(pair, StanzaError(.forbidden, type: .cancel)),
            ]
            guard configuration.closesStreamOnInvalidKey else { return actions }
            return actions + close(StreamError(.notAuthorized, text: "Dialback key for \(pair) is invalid"))
        case .error:
            // §2.5: an error in step 3 is reported as remote-server-not-found.
            return refuse(pair, StanzaError(.remoteServerNotFound, type: .cancel))
        case .key:
            return []
        }
    }

    /// The verification for `pair` could not be done: no Authoritative
    /// Server found (`remote-server-not-found`), or its stream closed
    /// without an answer (`remote-server-timeout`), §2.5.
    public mutating func verificationFailed(_ pair: DialbackDomainPair, condition: StanzaErrorCondition) -> [DialbackAction] {
        guard !isClosed, pendingPairs.remove(pair) != nil else { return [] }
        return refuse(pair, StanzaError(condition))
    }
}
