import XMPPCore

extension C2SServerStream {
    /// A first-level element arrived.
    public mutating func received(_ element: XMLElement) -> [C2SServerAction] {
        switch stage {
        case .established(let jid):
            if element.namespace == XMLNamespace.streamManagement { return streamManagement(element) }
            return routeStanza(element, from: jid)
        case .negotiating:
            return negotiate(element)
        case .authenticating(let mechanism):
            return continueAuthentication(element, mechanism: mechanism)
        case .binding:
            if element.namespace == XMLNamespace.streamManagement { return streamManagementBeforeBinding(element) }
            return bind(element)
        case .bindPending:
            return close(StreamError(.notAuthorized, text: "Wait for the resource binding result"))
        case .resumePending:
            return close(StreamError(.notAuthorized, text: "Wait for the resumption result"))
        case .awaitingHeader, .tlsHandshake:
            return close(StreamError(.notWellFormed, text: "Element before the stream header"))
        case .closed:
            return []
        }
    }

    /// Before authentication: STARTTLS or the start of a SASL exchange.
    private mutating func negotiate(_ element: XMLElement) -> [C2SServerAction] {
        switch element.namespace {
        case XMLNamespace.tls where element.name == "starttls":
            guard !isEncrypted, configuration.tls != .disabled else {
                // RFC 6120 §5.4.2.2: <failure/>, then the stream and the connection close.
                stage = .closed
                return [.send(StreamFeatures.startTLSFailure), .close(nil)]
            }
            stage = .tlsHandshake
            return [.send(StreamFeatures.startTLSProceed), .startTLS]
        case XMLNamespace.sasl:
            return startAuthentication(element)
        default:
            if configuration.tls == .required && !isEncrypted {
                return close(StreamError(.policyViolation, text: "STARTTLS is required before anything else"))
            }
            return close(StreamError(.notAuthorized, text: "Authenticate first"))
        }
    }

    /// TLS is up: the client restarts the stream next (RFC 6120 §5.4.3.3).
    public mutating func tlsEstablished(peerCertificateIdentities: [String]) -> [C2SServerAction] {
        guard case .tlsHandshake = stage else { return [] }
        isEncrypted = true
        self.peerCertificateIdentities = peerCertificateIdentities
        stage = .awaitingHeader
        return [.restartStream]
    }
}
