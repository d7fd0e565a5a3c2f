import XMPPCore

/// What the client side of a c2s stream needs to know.
public struct C2SClientConfiguration: Sendable {
    /// The account: a bare JID, or just the domain for SASL ANONYMOUS.
    public var account: JID
    /// `.required`: refuse to go on without TLS; `.optional`: use it when
    /// offered; `.disabled`: never.
    public var tls: TLSPolicy
    /// The resource to ask for; `nil` lets the server generate one.
    public var requestedResource: String?
    /// `xml:lang` of the stream.
    public var language: String
    /// XEP-0198: after binding, `<enable/>` (with `resume` when `.resumption`)
    /// if the server offers stream management.
    public var streamManagement: StreamManagementPolicy
    /// XEP-0198 §5: resume this session instead of binding a new one.
    public var resumption: SMResumption?

    public init(
        account: JID, tls: TLSPolicy = .required, requestedResource: String? = nil, language: String = "en",
        streamManagement: StreamManagementPolicy = .disabled, resumption: SMResumption? = nil
    ) {
        self.account = account
        self.tls = tls
        self.requestedResource = requestedResource
        self.language = language
        self.streamManagement = streamManagement
        self.resumption = resumption
    }
}

/// What a client needs to resume a stream-managed session (XEP-0198 §5).
public struct SMResumption: Hashable, Sendable {
    /// The id from `<enabled/>`.
    public var previd: String
    /// Stanzas handled from the server so far.
    public var h: UInt32
    /// The full JID of the session being resumed.
    public var jid: JID

    public init(previd: String, h: UInt32, jid: JID) {
        self.previd = previd
        self.h = h
        self.jid = jid
    }
}

/// Why a client's stream negotiation or session ended.
public enum C2SClientFailure: Error, Sendable, Equatable {
    /// The server sent a stream error.
    case streamError(StreamError)
    /// The server answered SASL with `<failure/>`.
    case authentication(SASLFailure)
    /// Our SASL mechanism rejected the server's messages (e.g. a bad SCRAM signature).
    case serverAuthentication(SASLClientError)
    /// The configured mechanism is not among those offered.
    case mechanismNotOffered(String, offered: [String])
    /// TLS is required by our policy but the server does not offer it, or
    /// the server requires it and our policy forbids it.
    case tlsUnavailable
    /// The server answered `<starttls/>` with `<failure/>`.
    case tlsRefused
    /// The server refused resource binding.
    case bind(StanzaError)
    /// The server sent something the protocol does not allow here.
    case protocolViolation(String)
    /// The server closed its stream without an error.
    case streamClosed
}

/// What the client side of a c2s stream asks its driver to do, in order.
public enum C2SClientAction: Sendable {
    case sendHeader(StreamHeader)
    case send(XMLElement)
    /// Insert TLS at the front of the connection now and report `tlsEstablished`.
    case startTLS
    /// Discard the parser state: the server's new stream header comes next.
    case restartStream
    /// Bound: stanzas flow from now on.
    case established(JID)
    /// XEP-0198: the session was resumed; the server handled `h` of our stanzas.
    case resumed(JID, h: UInt32)
    /// XEP-0198: resumption refused (a new session is bound next); `h`
    /// when the server says how many of our stanzas it handled.
    case resumeFailed(ResumeFailure)
    /// XEP-0198: `<enable/>` went out; counting starts now (§3).
    case streamManagementRequested
    /// A XEP-0198 element from the server on the bound stream.
    case streamManagement(SMElement)
    /// A stanza from the server.
    case received(XMLElement)
    /// The stream cannot go on; a `.close` follows.
    case failed(C2SClientFailure)
    /// Write `<stream:error>` (when given) and `</stream:stream>`, then close.
    case close(StreamError?)
}
