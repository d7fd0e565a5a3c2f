import XMPPCore

/// What the receiving side of an s2s stream asks its driver to do.
public enum S2SIncomingAction: Sendable {
    case sendHeader(StreamHeader)
    case send(XMLElement)
    /// Insert TLS (asking for the peer's certificate) and report `tlsEstablished`.
    case startTLS
    case restartStream
    /// Stanzas from `remoteDomain` to `localDomain` may now arrive on this stream.
    case authorized(remoteDomain: String, localDomain: String, method: S2SAuthenticationMethod)
    /// On a bidirectional stream (XEP-0288): stanzas from `localDomain` to
    /// `remoteDomain` may now be sent back over it with `send(_:)`.
    case sendingAuthorized(localDomain: String, remoteDomain: String)
    /// Ask the authoritative server of `originating` whether `key` is right for
    /// this stream (XEP-0220 §2.1.2: a `<db:verify/>` over a connection found
    /// through DNS), then report `dialbackVerified`.
    case verifyDialback(originating: String, receiving: String, streamID: String, key: String)
    /// A stanza from an authorized domain to a hosted one.
    case route(XMLElement)
    /// A XEP-0198 element from the initiating server once a domain pair is
    /// authorized (`<enable/>`, `<r/>`, `<a/>`), for the session's counts.
    case streamManagement(SMElement)
    case scheduleNegotiationTimeout(Duration)
    case close(StreamError?)
}

/// The verdict of an authoritative server on a dialback key.
public enum DialbackVerdict: Sendable, Equatable {
    case valid
    case invalid
    /// The authoritative server could not be asked (XEP-0220 §2.4), e.g.
    /// `remote-server-not-found`, `remote-server-timeout`.
    case error(StanzaErrorCondition)
}

/// The receiving side of a server-to-server stream (RFC 6120 §4.7, §5, §6
/// with XEP-0178; XEP-0220 for the receiving and authoritative roles;
/// XEP-0288 when the initiating server asks for a bidirectional stream), sans-IO.
public struct S2SIncomingStream: Sendable {
    enum Stage: Sendable {
        case awaitingHeader, open, tlsHandshake
        case authenticating(any SASLServerMechanism)
        case closed
    }

    /// The domains this server hosts.
    public let hostedDomains: Set<String>
    public let policy: S2SPolicy
    /// Whether a TLS context is available.
    let tlsAvailable: Bool
    let negotiationTimeout: Duration
    /// The dialback key this server would generate (XEP-0185), for answering `<db:verify/>`.
    let dialbackKey: @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> String
    var random: SeededGenerator
    var stage: Stage = .awaitingHeader
    var headerSent = false
    public internal(set) var isEncrypted = false
    var peerCertificateIdentities: [String] = []
    /// The header's `from` and `to` of the current stream.
    public internal(set) var peerDomain: String?
    public internal(set) var localDomain: String?
    public internal(set) var streamID: String?
    /// SASL EXTERNAL succeeded on this connection.
    var externalAuthenticated = false
    /// (remote domain, hosted domain) pairs allowed to send on this stream.
    public internal(set) var authorizedPairs: Set<DomainPair> = []
    /// The Receiving and Authoritative Server roles of XEP-0220 on the
    /// current stream (made with each stream header, when dialback is on).
    var receiving: DialbackReceivingServer?
    /// The initiating server ended the stream with `</stream:stream>` (a
    /// clean end: nothing to resume, XEP-0198 §5).
    public internal(set) var peerClosedStream = false
    /// The initiating server asked for a bidirectional stream (XEP-0288) and we offered one.
    public internal(set) var isBidirectional = false
    /// (hosted domain, remote domain) pairs this side may send back over a
    /// bidirectional stream: the inverses of `authorizedPairs`, announced once the stream is open.
    public internal(set) var sendablePairs: Set<DomainPair> = []

    public init(
        hostedDomains: Set<String>, policy: S2SPolicy, tlsAvailable: Bool, negotiationTimeout: Duration = .seconds(30),
        random: SeededGenerator,
        dialbackKey: @escaping @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> String
    ) {
        self.hostedDomains = hostedDomains
        self.policy = policy
        self.tlsAvailable = tlsAvailable
        self.negotiationTimeout = negotiationTimeout
        self.random = random
        self.dialbackKey = dialbackKey
    }

    public var isClosed: Bool {
        if case .closed = stage { return true }
        return false
    }

    public mutating func start() -> [S2SIncomingAction] {
        [.scheduleNegotiationTimeout(negotiationTimeout)]
    }

    public mutating func streamClosed() -> [S2SIncomingAction] {
        peerClosedStream = true
        return close(nil)
    }
    public mutating func parseFailed(_ error: StreamError) -> [S2SIncomingAction] { close(error) }
    public mutating func connectionClosed() { stage = .closed }

    /// Fires when no domain pair got authorized in time.
    public mutating func negotiationTimedOut() -> [S2SIncomingAction] {
        guard authorizedPairs.isEmpty else { return [] }
        return close(StreamError(.connectionTimeout, text: "No domain was authenticated in time"))
    }

    public mutating func serverClose(_ error: StreamError?) -> [S2SIncomingAction] { close(error) }

    mutating func close(_ error: StreamError?) -> [S2SIncomingAction] {
        if case .closed = stage { return [] }
        stage = .closed
        var actions: [S2SIncomingAction] = []
        if !headerSent {
            actions.append(.sendHeader(responseHeader()))
            headerSent = true
        }
        actions.append(.close(error))
        return actions
    }

    func responseHeader() -> StreamHeader {
        var namespaces: [String: String] = [:]
        if policy.dialback { namespaces["db"] = XMLNamespace.dialback }
        return StreamHeader(
            to: peerDomain, from: localDomain, id: streamID, version: "1.0", lang: "en",
            contentNamespace: XMLNamespace.server, namespaces: namespaces
        )
    }
}
