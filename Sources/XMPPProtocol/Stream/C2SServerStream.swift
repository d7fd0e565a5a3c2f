import XMPPCore

/// The server side of a client-to-server stream (RFC 6120 §4–§7), sans-IO:
/// the driver feeds what arrived (stream header, elements, close, TLS done,
/// bind decisions, timer expiry) and performs the returned actions in order.
///
/// Stages: awaiting a header → negotiating (STARTTLS, SASL) → TLS handshake →
/// awaiting the restarted header → … → binding → established → closed.
public struct C2SServerStream: Sendable {
    enum Stage: Sendable {
        case awaitingHeader
        case negotiating
        case tlsHandshake
        case authenticating(any SASLServerMechanism)
        case binding
        case bindPending(iqID: String)
        /// XEP-0198 `<resume/>` sent instead of binding; the server decides.
        case resumePending
        case established(JID)
        case closed
    }

    public let configuration: C2SServerConfiguration
    var stage: Stage = .awaitingHeader
    var random: SeededGenerator
    /// TLS is in place on this connection.
    public internal(set) var isEncrypted = false
    /// Identities asserted by the client's verified certificate (for EXTERNAL).
    var peerCertificateIdentities: [String] = []
    /// The authenticated account's bare JID, once SASL succeeded.
    public internal(set) var account: JID?
    /// The domain the client's stream header asked for: the server's own or a virtual host.
    public internal(set) var servedDomain: String
    var failedAuthentications = 0
    /// Whether a response header went out on the current stream (an error
    /// before that still needs one first, RFC 6120 §4.9.1.2).
    var headerSent = false
    /// The client ended the stream with `</stream:stream>` (a clean end: a
    /// stream-managed session is not kept for resumption, XEP-0198 §5).
    public internal(set) var peerClosedStream = false
    /// `xml:lang` of the stream (RFC 6120 §4.7.4).
    public internal(set) var language: String
    /// The id of the current stream (a new one after each restart).
    public internal(set) var streamID: String?

    public init(configuration: C2SServerConfiguration, random: SeededGenerator) {
        self.configuration = configuration
        self.random = random
        self.language = configuration.defaultLanguage
        self.servedDomain = configuration.domain
    }

    /// The bound full JID, once established.
    public var boundJID: JID? {
        if case .established(let jid) = stage { return jid }
        return nil
    }

    public var isClosed: Bool {
        if case .closed = stage { return true }
        return false
    }

    /// The connection is open: start the negotiation timer.
    public mutating func start() -> [C2SServerAction] {
        [.scheduleNegotiationTimeout(configuration.negotiationTimeout)]
    }

    /// The client closed its stream (`</stream:stream>`): close ours.
    public mutating func streamClosed() -> [C2SServerAction] {
        peerClosedStream = true
        return close(nil)
    }

    /// The parser rejected the input.
    public mutating func parseFailed(_ error: StreamError) -> [C2SServerAction] {
        close(error)
    }

    /// The negotiation timer fired before the session was bound.
    public mutating func negotiationTimedOut() -> [C2SServerAction] {
        switch stage {
        case .established, .closed: return []
        default: return close(StreamError(.connectionTimeout, text: "Stream negotiation took too long"))
        }
    }

    /// The server ends the stream (replaced by a newer session, shutdown, …).
    public mutating func serverClose(_ error: StreamError?) -> [C2SServerAction] {
        close(error)
    }

    /// The TCP connection is gone; nothing more can be sent.
    public mutating func connectionClosed() {
        stage = .closed
    }

    /// Closes with `error`, sending the response header first when none went
    /// out yet on this stream.
    mutating func close(_ error: StreamError?) -> [C2SServerAction] {
        if case .closed = stage { return [] }
        stage = .closed
        var actions: [C2SServerAction] = []
        if !headerSent {
            actions.append(.sendHeader(responseHeader(to: nil)))
            headerSent = true
        }
        actions.append(.close(error))
        return actions
    }
}
