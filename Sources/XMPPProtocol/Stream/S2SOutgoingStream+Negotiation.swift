import XMPPCore

extension S2SOutgoingStream {
    /// STARTTLS first, then SASL EXTERNAL, then dialback (RFC 6120 §4.3.2; XEP-0178; XEP-0220 §2.1).
    mutating func negotiate(features: XMLElement) -> [S2SOutgoingAction] {
        peerOffersStreamManagement = features.child("sm", namespace: XMLNamespace.streamManagement) != nil
        // Kept from the first features: after SASL they list less (RFC 6120 §6.4.6).
        peerAdvertisesDialbackErrors = peerAdvertisesDialbackErrors || DialbackFeature.advertisesErrors(in: features.elements)
        if isAuthenticated { return establish(.external) }
        let startTLS = features.child("starttls", namespace: XMLNamespace.tls)
        if !isEncrypted {
            if startTLS != nil && policy.tls != .disabled {
                stage = .awaitingProceed
                return [.send(XMLElement(name: "starttls", namespace: XMLNamespace.tls))]
            }
            let requiredByPeer = startTLS?.child("required", namespace: XMLNamespace.tls) != nil
            if policy.tls == .required || requiredByPeer { return fail(.tlsUnavailable) }
        }
        if case .verify(let streamID, let key) = purpose {
            // A verification stream authenticates nothing: it asks and closes (XEP-0220 §2.1.2).
            stage = .awaitingVerifyResult
            let verify = DialbackElement.verify(from: localDomain, to: remoteDomain, id: streamID, .key(DialbackKey(key)))
            return verifications.send(verify).compactMap { if case .send(let element) = $0 { .send(element.element) } else { nil } }
        }
        let mechanisms = features.child("mechanisms", namespace: XMLNamespace.sasl).map(SASLElement.mechanisms(in:)) ?? []
        if policy.external && isEncrypted && !externalFailed && mechanisms.contains("EXTERNAL") {
            stage = .authenticating
            // RFC 6120 §6.4.2 / XEP-0178 §4: an empty authorization identity ("=") lets the
            // receiving server take our identity from the certificate.
            return requestBidirectional(features) + [.send(SASLElement.auth(mechanism: "EXTERNAL", initialResponse: []).element)]
        }
        let dialbackOffered = features.child("dialback", namespace: XMLNamespace.dialbackFeature) != nil || peerSupportsDialback
        if policy.dialback && dialbackOffered, let streamID {
            stage = .awaitingDialbackResult
            return requestBidirectional(features) + [.send(dialbackResultRequest(key: dialbackKey(remoteDomain, localDomain, streamID)))]
        }
        return fail(.noAuthenticationMethod, error: StreamError(.policyViolation, text: "No acceptable s2s authentication method"))
    }

    /// `<db:result from='local' to='remote'>KEY</db:result>` (XEP-0220 §2.1.1).
    func dialbackResultRequest(key: String) -> XMLElement {
        DialbackElement.result(from: localDomain, to: remoteDomain, .key(DialbackKey(key))).element
    }

    mutating func externalResult(_ element: XMLElement) -> [S2SOutgoingAction] {
        switch element.name {
        case "success":
            isAuthenticated = true
            stage = .awaitingHeader
            return [.restartStream, .sendHeader(header())]
        case "challenge":
            // EXTERNAL has no challenges beyond an empty one answered by an empty response.
            return [.send(SASLElement.response([]).element)]
        default:
            let failure = SASLFailure(element: element) ?? SASLFailure(.notAuthorized)
            externalFailed = true
            // Fall back to dialback on the same stream when allowed (the profile's "failback").
            guard policy.dialback, peerSupportsDialback, let streamID else { return fail(.authentication(failure)) }
            stage = .awaitingDialbackResult
            return [.send(dialbackResultRequest(key: dialbackKey(remoteDomain, localDomain, streamID)))]
        }
    }

    /// The receiving server's answer to our `<db:result/>` (XEP-0220 §2.1.1).
    mutating func dialbackResult(_ element: XMLElement) -> [S2SOutgoingAction] {
        let answer: DialbackElement
        do {
            answer = try DialbackElement(parsing: element)
        } catch {
            return fail(.protocolViolation("Bad dialback answer"), error: error)
        }
        guard answer.from == remoteDomain, answer.to == localDomain else {
            return fail(.protocolViolation("db:result for another domain pair"), error: StreamError(.invalidFrom))
        }
        switch answer.content {
        case .valid:
            return establish(.dialback)
        case .error(let error):
            return fail(.dialbackRejected(error))
        case .invalid, .key:
            return fail(.dialbackRejected(nil))
        }
    }

    /// The authoritative server's answer to `<db:verify/>` (XEP-0220
    /// §2.1.3). Only an answer matching the request by 'from', 'to' and 'id'
    /// counts (§2.1.2, §3.1); anything else is dropped and the answer awaited.
    mutating func verifyResult(_ element: XMLElement) -> [S2SOutgoingAction] {
        guard let parsed = try? DialbackElement(parsing: element), let answer = verifications.received(parsed) else { return [] }
        let verdict: DialbackVerdict
        switch answer.content {
        case .valid: verdict = .valid
        case .error(let error): verdict = .error(error.condition)
        case .invalid, .key: verdict = .invalid
        }
        stage = .closed
        return [.dialbackVerdict(verdict), .close(nil)]
    }
}
