import XMPPCore

extension S2SOutgoingStream {
    /// `<bidi xmlns='urn:xmpp:bidi'/>` ahead of `<auth/>` or `<db:result/>`
    /// when the receiving server offers it and we want it (XEP-0288 §2.2).
    /// Nothing answers it: offered and sent means enabled. Only sent after
    /// TLS when TLS is used, since features are read here only then.
    mutating func requestBidirectional(_ features: XMLElement) -> [S2SOutgoingAction] {
        guard policy.bidi, purpose == .authenticate, !bidiRequested, BidiFeature.isOffered(in: features) else { return [] }
        bidiRequested = true
        return [.send(BidiRequest.element)]
    }

    /// The stream is authenticated; with bidi it now also carries stanzas
    /// from the remote domain to us (XEP-0288 §2.2).
    mutating func establish(_ method: S2SAuthenticationMethod) -> [S2SOutgoingAction] {
        stage = .established
        startMultiplexing()
        if bidiRequested {
            isBidirectional = true
            inboundPairs.insert(DomainPair(from: remoteDomain, to: localDomain))
        }
        // XEP-0198 §3: enabled once authenticated, before the first stanza, so every one is counted.
        guard purpose == .authenticate, policy.streamManagement.enabled, peerOffersStreamManagement else {
            return [.established(method: method)]
        }
        if let resumption {
            // The link waits for <resumed/> or <failed/> before sending anything new.
            let resume = SMElement.resume(previd: resumption.previd, h: resumption.h).element
            return [.send(resume), .established(method: method)]
        }
        let enable = SMElement.enable(resume: policy.streamManagement.resumption, max: nil).element
        return [.send(enable), .streamManagementRequested, .established(method: method)]
    }

    /// What arrives on an established bidirectional stream: stanzas for us
    /// from the domains the peer authenticated as (anything else closes the
    /// stream, `invalid-from` for a forged sender), dialback requests for
    /// further domains, and dialback verifications addressed to us.
    mutating func receivedBidirectional(_ element: XMLElement) -> [S2SOutgoingAction] {
        switch element.namespace {
        case XMLNamespace.server:
            // Ours are the domains the pairs it may send for are addressed to (this stream's, and multiplexed ones).
            if let violation = S2SStanzaAddressing.violation(in: element, hostedDomains: Set(inboundPairs.map(\.to)), authorizedPairs: inboundPairs) {
                return fail(.protocolViolation("Refused <\(element.name)/>: \(violation.condition.rawValue)"), error: violation)
            }
            return [.route(element)]
        case XMLNamespace.dialback where policy.dialback:
            return receivedDialback(element)
        default:
            return fail(.protocolViolation("Unexpected <\(element.name) xmlns='\(element.namespace ?? "")'/> on a bidirectional stream"),
                        error: StreamError(.unsupportedStanzaType))
        }
    }

    /// `<db:result/>` from the receiving server for another domain it hosts
    /// (XEP-0288 §2.2: it "MAY initiate Server Dialback authentications for
    /// other domains it hosts"): we play the receiving role, verifying with
    /// the authoritative server elsewhere. `<db:verify/>` about a stream
    /// this domain opened to the peer: we answer as the authoritative server.
    /// An answer we never asked for authorizes nothing (XEP-0288 §4).
    private mutating func receivedDialback(_ element: XMLElement) -> [S2SOutgoingAction] {
        let request: DialbackElement
        do {
            request = try DialbackElement(parsing: element)
        } catch {
            return fail(.protocolViolation("Bad dialback element"), error: error)
        }
        guard let key = request.key else {
            return fail(.protocolViolation("Unsolicited dialback answer"), error: StreamError(.unsupportedStanzaType, text: "Unsolicited dialback answer"))
        }
        guard request.to == localDomain else {
            // XEP-0220 §2.2.1: not a domain of ours; the stream stays open.
            return [.send(request.answer(.error(StanzaError(.itemNotFound))).element)]
        }
        switch request.name {
        case .result:
            guard let streamID else { return fail(.protocolViolation("No stream id"), error: StreamError(.internalServerError)) }
            // The connection's one stream id, assigned by the receiving server, keys both directions.
            return [.verifyDialback(originating: request.from, receiving: localDomain, streamID: streamID, key: key.value)]
        case .verify:
            // Our key function covers streams from us to this remote domain only.
            guard request.from == remoteDomain, let id = request.id else {
                return [.send(request.answer(.error(StanzaError(.itemNotFound))).element)]
            }
            return [.send(request.answer(DialbackKey(dialbackKey(remoteDomain, localDomain, id)).matches(key) ? .valid : .invalid).element)]
        }
    }

    /// The authoritative server's verdict on a key the receiving server sent
    /// over this bidirectional stream (XEP-0220 §2.1.3, roles swapped).
    public mutating func dialbackVerified(originating: String, receiving: String, verdict: DialbackVerdict) -> [S2SOutgoingAction] {
        guard case .established = stage, isBidirectional else { return [] }
        let content: DialbackElement.Content
        switch verdict {
        case .valid:
            inboundPairs.insert(DomainPair(from: originating, to: receiving))
            content = .valid
        case .invalid:
            content = .invalid
        case .error(let condition):
            content = .error(StanzaError(condition))
        }
        return [.send(DialbackElement.result(from: receiving, to: originating, content).element)]
    }
}
