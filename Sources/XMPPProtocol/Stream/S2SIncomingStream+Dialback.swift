import XMPPCore

extension S2SIncomingStream {
    /// `<db:result/>` (receiving role) and `<db:verify/>` (authoritative role), XEP-0220 §2.1.
    mutating func handleDialback(_ element: XMLElement) -> [S2SIncomingAction] {
        guard policy.dialback else {
            return close(StreamError(.unsupportedStanzaType, text: "Server Dialback is not enabled here"))
        }
        let request: DialbackElement
        do {
            request = try DialbackElement(parsing: element)
        } catch {
            return close(error)
        }
        guard let key = request.key else {
            return close(StreamError(.unsupportedStanzaType, text: "Unsolicited dialback answer"))
        }
        switch request.name {
        case .result:
            guard hostedDomains.contains(request.to) else {
                // XEP-0220 §2.2.1: an error answer; the stream stays open.
                return [.send(request.answer(.error(StanzaError(.itemNotFound))).element)]
            }
            if policy.tls == .required && !isEncrypted {
                // Our policy wants TLS first: a dialback error, the stream stays (XEP-0220 §2.4).
                return [.send(request.answer(.error(StanzaError(.policyViolation, text: "TLS is required before dialback"))).element)]
            }
            guard let streamID else { return close(StreamError(.internalServerError)) }
            let pair = DomainPair(from: request.from, to: request.to)
            if authorizedPairs.contains(pair) {
                // Asked again for a pair already verified on this stream: the same answer, no new verification.
                return [.send(request.answer(.valid).element)]
            }
            // One verification per pair at a time; a repeated request waits for its answer.
            guard pendingDialbackPairs.insert(pair).inserted else { return [] }
            return [.verifyDialback(originating: request.from, receiving: request.to, streamID: streamID, key: key.value)]
        case .verify:
            let key = dialbackKey
            let authority = DialbackAuthoritativeServer(hostedDomains: hostedDomains) { DialbackKey(key($0, $1, $2)) }
            // A verify request with a key always gets an answer; one without an id is refused.
            let answer = authority.answer(request) ?? request.answer(.error(StanzaError(.badRequest, text: "A db:verify needs an 'id'")))
            return [.send(answer.element)]
        }
    }

    /// The authoritative server's verdict arrived (XEP-0220 §2.1.3).
    public mutating func dialbackVerified(originating: String, receiving: String, verdict: DialbackVerdict) -> [S2SIncomingAction] {
        if case .closed = stage { return [] }
        // Only a verification this stream asked for is answered (XEP-0220 §3.1).
        guard pendingDialbackPairs.remove(DomainPair(from: originating, to: receiving)) != nil else { return [] }
        let answer = DialbackElement(name: .result, from: receiving, to: originating, content: .valid)
        switch verdict {
        case .valid:
            authorizedPairs.insert(DomainPair(from: originating, to: receiving))
            return [.send(answer.element), .authorized(remoteDomain: originating, localDomain: receiving, method: .dialback)]
                + announceSendablePairs()
        case .invalid:
            // XEP-0220 §2.1.3: the key is refused; the originating server closes or tries again.
            var invalid = answer
            invalid.content = .invalid
            return [.send(invalid.element)]
        case .error(let condition):
            var error = answer
            error.content = .error(StanzaError(condition))
            return [.send(error.element)]
        }
    }
}
