import XMPPCore

/// One inbound server-to-server stream (XEP-0220 §2.2), sans-IO. As
/// Receiving Server it handles `<db:result/>` requests: it checks the
/// addressing, has the key verified by the Authoritative Server of the
/// Sender Domain, answers `valid` / `invalid` / `error`, and keeps the set of
/// pairs authorized on this stream, against which every stanza is checked.
/// As Authoritative Server it answers `<db:verify/>` requests (§2.2.2).
public struct DialbackReceivingServer: Sendable {
    public let configuration: DialbackReceivingConfiguration
    /// The id of the response stream header this server sent.
    public let streamID: String
    /// TLS is in place on this stream.
    public internal(set) var isEncrypted = false
    /// Pairs authorized for receiving on this stream.
    public internal(set) var authorizedPairs: Set<DialbackDomainPair> = []
    /// Pairs whose key is being verified with the Authoritative Server.
    public internal(set) var pendingPairs: Set<DialbackDomainPair> = []
    /// Closed after an invalid key or a stream error.
    public internal(set) var isClosed = false

    public init(streamID: String, configuration: DialbackReceivingConfiguration) {
        self.streamID = streamID
        self.configuration = configuration
    }

    var authoritative: DialbackAuthoritativeServer {
        DialbackAuthoritativeServer(hostedDomains: configuration.hostedDomains, key: configuration.key)
    }

    /// TLS was negotiated on this stream.
    public mutating func tlsEstablished() {
        isEncrypted = true
    }

    /// A first-level element from the peer: a dialback element or a stanza.
    public mutating func received(_ element: XMLElement) -> [DialbackAction] {
        guard !isClosed else { return [] }
        guard element.namespace == XMLNamespace.dialback else { return receivedStanza(element) }
        do {
            return received(try DialbackElement(parsing: element))
        } catch {
            return close(error)
        }
    }

    /// A dialback element from the peer. Requests only: 'type' is not set
    /// on elements received on an inbound stream (§2.2), so answers here are
    /// unsolicited (§3.1) and dropped.
    public mutating func received(_ element: DialbackElement) -> [DialbackAction] {
        guard !isClosed, let key = element.key else { return [] }
        switch element.name {
        case .verify:
            return authoritative.answer(element).map { [.send($0)] } ?? []
        case .result:
            return receivedResult(element, key: key)
        }
    }

    /// Step 1 → step 2 (§2.2.1).
    mutating func receivedResult(_ request: DialbackElement, key: DialbackKey) -> [DialbackAction] {
        let pair = DialbackDomainPair(senderDomain: request.from, targetDomain: request.to)
        // Not a hosted domain: a dialback error, not a stream error (§2.2.1).
        guard configuration.hostedDomains.contains(pair.targetDomain) else {
            return refuse(pair, StanzaError(.itemNotFound, type: .cancel))
        }
        if configuration.requiresTLS && !isEncrypted {
            return refuse(pair, StanzaError(.policyViolation, type: .cancel, text: "TLS is required before dialback"))
        }
        if authorizedPairs.contains(pair) { return [.send(request.answer(.valid))] }
        guard pendingPairs.insert(pair).inserted else { return [] }
        let verify = DialbackElement.verify(from: pair.targetDomain, to: pair.senderDomain, id: streamID, .key(key))
        return [.requestVerification(verify, authoritativeDomain: pair.senderDomain)]
    }

    /// A `type='error'` result for `pair` (step 4); the stream stays open.
    mutating func refuse(_ pair: DialbackDomainPair, _ error: StanzaError) -> [DialbackAction] {
        [
            .send(.result(from: pair.targetDomain, to: pair.senderDomain, .error(error))),
            .failed(pair, error),
        ]
    }

    mutating func close(_ error: StreamError) -> [DialbackAction] {
        guard !isClosed else { return [] }
        isClosed = true
        return [.close(error)]
    }
}
