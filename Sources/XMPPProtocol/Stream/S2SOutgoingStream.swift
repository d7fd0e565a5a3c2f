import XMPPCore

/// What the initiating side of an s2s stream asks its driver to do.
public enum S2SOutgoingAction: Sendable {
    case sendHeader(StreamHeader)
    case send(XMLElement)
    /// Insert TLS (verifying the peer's certificate for the remote domain) and report `tlsEstablished`.
    case startTLS
    case restartStream
    /// The stream may carry stanzas from the local domain to the remote one; `method` says how it was authenticated.
    case established(method: S2SAuthenticationMethod)
    /// The stream cannot be used; a `.close` follows.
    case failed(S2SFailure)
    /// On a verification stream: the authoritative server's verdict (a `.close` follows).
    case dialbackVerdict(DialbackVerdict)
    /// On a bidirectional stream (XEP-0288): a stanza from the receiving
    /// server, checked against the domains it authenticated as.
    case route(XMLElement)
    /// On a bidirectional stream the receiving server asks, with
    /// `<db:result/>`, to send from another domain (XEP-0288 §2.2): ask the
    /// authoritative server of `originating` over a separate connection
    /// (XEP-0220 §2.1.2), then report `dialbackVerified`.
    case verifyDialback(originating: String, receiving: String, streamID: String, key: String)
    /// XEP-0198: `<enable/>` went out ahead of `.established`; count what is sent from now on (§3).
    case streamManagementRequested
    /// A XEP-0198 element from the receiving server on the established stream.
    case streamManagement(SMElement)
    /// Further domain pairs on this stream (XEP-0220 §2.6).
    case multiplexing(S2SMultiplexingEvent)
    case close(StreamError?)
}

/// How an s2s stream was authenticated.
public enum S2SAuthenticationMethod: String, Sendable, Hashable {
    case external = "sasl-external"
    case dialback
}

/// What an outgoing s2s connection is for.
public enum S2SOutgoingPurpose: Sendable, Equatable {
    /// Carry stanzas from the local domain to the remote one.
    case authenticate
    /// Ask the remote (authoritative) server whether `key` is the key it
    /// generated for the stream `streamID` that `originating` opened to us
    /// (XEP-0220 §2.1.2), then close.
    case verify(streamID: String, key: String)
}

/// The initiating ("originating") side of a server-to-server stream from
/// `localDomain` to `remoteDomain` (RFC 6120 §4.7, §5, §6 with XEP-0178;
/// XEP-0220 as the fallback; XEP-0288 when both sides want one stream for
/// both directions), sans-IO.
public struct S2SOutgoingStream: Sendable {
    enum Stage: Sendable {
        case awaitingHeader, awaitingFeatures, awaitingProceed, tlsHandshake
        case authenticating, awaitingDialbackResult, awaitingVerifyResult, established, closed
    }

    public let localDomain: String
    public let remoteDomain: String
    public let policy: S2SPolicy
    public let purpose: S2SOutgoingPurpose
    /// The dialback key this server presents (XEP-0185), computed with its
    /// secret: (receiving domain, originating domain, stream id).
    let dialbackKey: @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> String
    var stage: Stage = .awaitingHeader
    public internal(set) var isEncrypted = false
    var externalFailed = false
    var isAuthenticated = false
    /// The receiving server's id of the current stream.
    public internal(set) var streamID: String?
    /// Whether the receiving server's header declared the dialback namespace.
    var peerSupportsDialback = false
    /// We sent `<bidi xmlns='urn:xmpp:bidi'/>` (XEP-0288 §2.2).
    var bidiRequested = false
    /// The stream is established and carries stanzas both ways (XEP-0288).
    public internal(set) var isBidirectional = false
    /// On a bidirectional stream, the (remote, local) domain pairs the
    /// receiving server may send us stanzas for: the remote domain we
    /// connected to and authenticated with, and domains it proved by dialback on this stream.
    public internal(set) var inboundPairs: Set<DomainPair> = []
    /// The receiving server's latest features offered XEP-0198.
    public internal(set) var peerOffersStreamManagement = false
    /// XEP-0198 §5: resume this earlier stream instead of enabling anew.
    public var resumption: S2SResumption?
    /// The receiving server's features advertised dialback errors (XEP-0220 §2.4.2).
    var peerAdvertisesDialbackErrors = false
    /// On a verification stream: the `<db:verify/>` sent, to match its answer.
    var verifications = DialbackVerificationRequests()
    /// Further domain pairs on this established stream (XEP-0220 §2.6), when
    /// both sides do dialback: the Initiating Server role for them.
    var multiplexing: DialbackInitiatingServer?

    public init(
        localDomain: String, remoteDomain: String, policy: S2SPolicy, purpose: S2SOutgoingPurpose = .authenticate,
        dialbackKey: @escaping @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> String
    ) {
        self.localDomain = localDomain
        self.remoteDomain = remoteDomain
        self.policy = policy
        self.purpose = purpose
        self.dialbackKey = dialbackKey
    }

    public var isEstablished: Bool {
        if case .established = stage { return true }
        return false
    }

    public mutating func start() -> [S2SOutgoingAction] {
        [.sendHeader(header())]
    }

    func header() -> StreamHeader {
        var namespaces: [String: String] = [:]
        if policy.dialback || purpose != .authenticate { namespaces["db"] = XMLNamespace.dialback }
        return StreamHeader(
            to: remoteDomain, from: localDomain, version: "1.0", lang: "en",
            contentNamespace: XMLNamespace.server, namespaces: namespaces
        )
    }

    public mutating func streamOpened(_ header: StreamHeader) -> [S2SOutgoingAction] {
        guard case .awaitingHeader = stage else { return fail(.protocolViolation("Second stream header")) }
        guard header.contentNamespace == XMLNamespace.server else {
            return fail(.protocolViolation("Content namespace \(header.contentNamespace ?? "none")"), error: StreamError(.invalidNamespace))
        }
        streamID = header.id
        peerSupportsDialback = header.namespaces["db"] == XMLNamespace.dialback
        stage = .awaitingFeatures
        return []
    }

    public mutating func received(_ element: XMLElement) -> [S2SOutgoingAction] {
        if element.namespace == XMLNamespace.streams && element.name == "error" {
            stage = .closed
            return [.failed(.streamError(StreamError(element: element) ?? StreamError(.undefinedCondition))), .close(nil)]
        }
        switch stage {
        case .awaitingFeatures where element.namespace == XMLNamespace.streams && element.name == "features":
            return negotiate(features: element)
        case .awaitingProceed where element.namespace == XMLNamespace.tls:
            guard element.name == "proceed" else { return fail(.tlsRefused) }
            stage = .tlsHandshake
            return [.startTLS]
        case .authenticating where element.namespace == XMLNamespace.sasl:
            return externalResult(element)
        case .awaitingDialbackResult where element.namespace == XMLNamespace.dialback && element.name == "result":
            return dialbackResult(element)
        case .awaitingVerifyResult where element.namespace == XMLNamespace.dialback && element.name == "verify":
            return verifyResult(element)
        case .established where multiplexing != nil && element.namespace == XMLNamespace.dialback
            && element.name == "result" && element[attribute: "type"] != nil:
            return multiplexedAnswer(element)
        case .established where element.namespace == XMLNamespace.streamManagement:
            do {
                return try SMElement(parsing: element).map { [.streamManagement($0)] } ?? []
            } catch {
                return fail(.protocolViolation(error.description), error: StreamError(.badFormat, text: error.description))
            }
        case .established where isBidirectional:
            return receivedBidirectional(element)
        case .established:
            // Nothing but stream-level elements arrive on the sending direction of a two-connection s2s pair.
            return fail(.protocolViolation("Unexpected <\(element.name)/> on an outgoing s2s stream"), error: StreamError(.unsupportedStanzaType))
        case .closed:
            return []
        default:
            return fail(.protocolViolation("Unexpected <\(element.name) xmlns='\(element.namespace ?? "")'/>"), error: StreamError(.unsupportedStanzaType))
        }
    }

    public mutating func tlsEstablished() -> [S2SOutgoingAction] {
        guard case .tlsHandshake = stage else { return [] }
        isEncrypted = true
        stage = .awaitingHeader
        return [.restartStream, .sendHeader(header())]
    }

    public mutating func streamClosed() -> [S2SOutgoingAction] {
        if case .closed = stage { return [] }
        if case .established = stage {
            stage = .closed
            return [.close(nil)]
        }
        return fail(.streamClosed)
    }

    public mutating func parseFailed(_ error: StreamError) -> [S2SOutgoingAction] {
        fail(.protocolViolation("Peer sent bad XML: \(error)"), error: error)
    }

    /// We end the stream (idle timeout, shutdown).
    public mutating func close(_ error: StreamError? = nil) -> [S2SOutgoingAction] {
        if case .closed = stage { return [] }
        stage = .closed
        return [.close(error)]
    }

    public mutating func connectionClosed() {
        stage = .closed
    }

    mutating func fail(_ failure: S2SFailure, error: StreamError? = nil) -> [S2SOutgoingAction] {
        if case .closed = stage { return [] }
        stage = .closed
        return [.failed(failure), .close(error)]
    }
}
