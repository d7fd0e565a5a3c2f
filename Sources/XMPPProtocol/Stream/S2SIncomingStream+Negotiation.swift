import XMPPCore

extension S2SIncomingStream {
    /// The initiating server's header (RFC 6120 §4.7): `to` must be hosted here.
    public mutating func streamOpened(_ header: StreamHeader) -> [S2SIncomingAction] {
        guard case .awaitingHeader = stage else {
            return close(StreamError(.invalidXML, text: "A second stream header without a restart"))
        }
        streamID = StreamIdentifier.make(using: &random)
        headerSent = false
        peerDomain = header.from.flatMap { try? JID($0) }.flatMap { $0.isDomain ? $0.domainpart : nil }
        guard header.contentNamespace == XMLNamespace.server else {
            return close(StreamError(.invalidNamespace, text: "The content namespace of an s2s stream is jabber:server"))
        }
        guard let version = header.version, C2SServerStream.majorVersion(version) == 1 else {
            return close(StreamError(.unsupportedVersion, text: "This server speaks XMPP version 1.0 only"))
        }
        guard let to = header.to else {
            return close(StreamError(.improperAddressing, text: "A 'to' attribute is required on the stream header"))
        }
        guard let domain = try? JID(to), domain.isDomain, hostedDomains.contains(domain.domainpart) else {
            return close(StreamError(.hostUnknown, text: "This server does not serve \(to)"))
        }
        localDomain = domain.domainpart
        if policy.dialback, let streamID {
            let key = dialbackKey
            var roles = DialbackReceivingServer(streamID: streamID, configuration: DialbackReceivingConfiguration(
                hostedDomains: hostedDomains, requiresTLS: policy.tls == .required, closesStreamOnInvalidKey: false
            ) { DialbackKey(key($0, $1, $2)) })
            if isEncrypted { roles.tlsEstablished() }
            receiving = roles
        }
        headerSent = true
        stage = .open
        // After SASL EXTERNAL's restart a bidirectional stream may carry stanzas back (XEP-0288 §2.2).
        return [.sendHeader(responseHeader()), .send(StreamFeatures.element(features()))] + announceSendablePairs()
    }

    func features() -> [XMLElement] {
        // XEP-0198 §2: offered where the initiating server can use it, after authentication.
        let sm = policy.streamManagement.enabled ? [SMElement.feature.element] : []
        if externalAuthenticated { return sm }
        var features: [XMLElement] = []
        // XEP-0288 §2.1: offered before and after TLS (the request is honoured after TLS).
        let bidi = policy.bidi ? [BidiFeature.element] : []
        if !isEncrypted && tlsAvailable && policy.tls != .disabled {
            features.append(StreamFeatures.startTLS(required: policy.tls == .required))
            if policy.tls == .required { return features + bidi }
        }
        if isEncrypted && policy.external && !peerCertificateIdentities.isEmpty {
            features.append(SASLElement.mechanismsFeature(["EXTERNAL"]))
        }
        if policy.dialback {
            var dialback = XMLElement(name: "dialback", namespace: XMLNamespace.dialbackFeature)
            dialback.append(XMLElement(name: "errors", namespace: XMLNamespace.dialbackFeature))
            features.append(dialback)
        }
        return features + bidi + sm
    }

    public mutating func tlsEstablished(peerCertificateIdentities: [String]) -> [S2SIncomingAction] {
        guard case .tlsHandshake = stage else { return [] }
        isEncrypted = true
        self.peerCertificateIdentities = peerCertificateIdentities
        // XEP-0288 §2.1: STARTTLS completes before bidirectionality is enabled; a request made before it lapses.
        isBidirectional = false
        stage = .awaitingHeader
        return [.restartStream]
    }

    public mutating func received(_ element: XMLElement) -> [S2SIncomingAction] {
        if element.namespace == XMLNamespace.streams && element.name == "error" {
            // RFC 6120 §4.9.1.1: the peer ends the stream; no error of ours in answer.
            return close(nil)
        }
        switch stage {
        case .open:
            return handleOpen(element)
        case .authenticating(let mechanism):
            return continueExternal(element, mechanism: mechanism)
        case .awaitingHeader, .tlsHandshake:
            return close(StreamError(.notWellFormed, text: "Element before the stream header"))
        case .closed:
            return []
        }
    }

    private mutating func handleOpen(_ element: XMLElement) -> [S2SIncomingAction] {
        switch element.namespace {
        case XMLNamespace.tls where element.name == "starttls":
            guard !isEncrypted, tlsAvailable, policy.tls != .disabled else {
                stage = .closed
                return [.send(StreamFeatures.startTLSFailure), .close(nil)]
            }
            stage = .tlsHandshake
            return [.send(StreamFeatures.startTLSProceed), .startTLS]
        case XMLNamespace.sasl:
            return startExternal(element)
        case XMLNamespace.dialback:
            return handleDialback(element)
        case XMLNamespace.bidi where element.name == "bidi":
            return requestBidirectional()
        case XMLNamespace.streamManagement:
            return streamManagement(element)
        case XMLNamespace.server:
            if policy.tls == .required && !isEncrypted {
                return close(StreamError(.policyViolation, text: "STARTTLS is required before anything else"))
            }
            return routeStanza(element)
        default:
            return close(StreamError(.unsupportedStanzaType, text: "<\(element.name)/> is not handled on s2s streams"))
        }
    }

    /// SASL EXTERNAL with the peer's certificate (RFC 6120 §6, XEP-0178).
    private mutating func startExternal(_ element: XMLElement) -> [S2SIncomingAction] {
        guard policy.external, isEncrypted, let peerDomain, let localDomain else {
            return [.send(SASLFailure(.invalidMechanism).element)]
        }
        let request: SASLElement
        do { request = try SASLElement(parsing: element) } catch { return [.send(error.element)] }
        guard case .auth(let name, let initialResponse) = request, name == "EXTERNAL" else {
            return [.send(SASLFailure(.invalidMechanism).element)]
        }
        let context = SASLServerContext(
            domain: localDomain, isEncrypted: true, peerCertificateIdentities: peerCertificateIdentities,
            expectedIdentity: peerDomain, credentials: SASLInMemoryCredentialStore()
        )
        var mechanism: any SASLServerMechanism = SASLExternalServer(context: context)
        return externalStep(mechanism.start(initialResponse: initialResponse), mechanism: mechanism)
    }

    private mutating func continueExternal(_ element: XMLElement, mechanism: any SASLServerMechanism) -> [S2SIncomingAction] {
        guard let request = try? SASLElement(parsing: element) else {
            stage = .open
            return [.send(SASLFailure(.malformedRequest).element)]
        }
        var mechanism = mechanism
        switch request {
        case .response(let data): return externalStep(mechanism.respond(data), mechanism: mechanism)
        case .abort:
            stage = .open
            return [.send(SASLFailure(.aborted).element)]
        default:
            stage = .open
            return [.send(SASLFailure(.malformedRequest).element)]
        }
    }

    private mutating func externalStep(_ step: SASLServerStep, mechanism: any SASLServerMechanism) -> [S2SIncomingAction] {
        switch step {
        case .challenge(let data):
            stage = .authenticating(mechanism)
            return [.send(SASLElement.challenge(data).element)]
        case .failure(let failure):
            stage = .open
            return [.send(failure.element)]
        case .success(_, let additionalData):
            guard let peerDomain, let localDomain else { return close(StreamError(.internalServerError)) }
            externalAuthenticated = true
            authorizedPairs.insert(DomainPair(from: peerDomain, to: localDomain))
            stage = .awaitingHeader
            return [
                .send(SASLElement.success(additionalData: additionalData).element),
                .authorized(remoteDomain: peerDomain, localDomain: localDomain, method: .external),
                .restartStream,
            ]
        }
    }
}

extension S2SIncomingStream {
    /// XEP-0198 on the receiving side: only once a domain pair is
    /// authenticated (§3), and only what an initiating entity sends.
    mutating func streamManagement(_ element: XMLElement) -> [S2SIncomingAction] {
        let parsed: SMElement?
        do {
            parsed = try SMElement(parsing: element)
        } catch {
            return close(StreamError(.badFormat, text: error.description))
        }
        guard let parsed else { return [] }
        switch parsed {
        case .enable, .request, .ack, .resume:
            guard policy.streamManagement.enabled, !authorizedPairs.isEmpty else {
                return [.send(SMElement.failed(condition: .unexpectedRequest, h: nil).element)]
            }
            return [.streamManagement(parsed)]
        case .feature, .enabled, .resumed, .failed:
            return close(StreamError(.unsupportedStanzaType, text: "Only a receiving entity sends <\(element.name)/>"))
        }
    }
}
