import XMPPCore

/// What a dialback role asks its driver to do, in order.
public enum DialbackAction: Hashable, Sendable {
    /// Write this dialback element on the stream the machine belongs to.
    case send(DialbackElement)
    /// Receiving Server (§2.1.2): find the Authoritative Server for
    /// `authoritativeDomain` through DNS (or reuse a stream to it), send this
    /// `<db:verify/>`, and report its answer with `verificationAnswered` or
    /// the failure with `verificationFailed`.
    case requestVerification(DialbackElement, authoritativeDomain: String)
    /// The pair is verified on this stream: for sending (Initiating Server)
    /// or for receiving (Receiving Server).
    case authorized(DialbackDomainPair)
    /// The negotiation for the pair failed, with the dialback condition
    /// (`forbidden` for an invalid key, §2.5).
    case failed(DialbackDomainPair, StanzaError)
    /// Initiating Server: write this queued stanza now that its pair is authorized.
    case sendStanza(XMLElement)
    /// Receiving Server: a stanza from an authorized pair, for the router.
    case deliver(XMLElement)
    /// Initiating Server: return these stanzas to their senders with this error.
    case bounce([XMLElement], StanzaError)
    /// Initiating Server: this stream will not carry these stanzas (it is
    /// being closed); send them over another stream.
    case reroute([XMLElement])
    /// Write `<stream:error>` and `</stream:stream>`, then close the connection.
    case close(StreamError)
}
