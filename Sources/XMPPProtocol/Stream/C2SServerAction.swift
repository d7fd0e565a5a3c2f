import XMPPCore

/// What the server side of a c2s stream asks its driver to do, in order.
public enum C2SServerAction: Sendable {
    /// Write the response stream header.
    case sendHeader(StreamHeader)
    /// Write a first-level element.
    case send(XMLElement)
    /// Insert TLS at the front of the connection now (after `<proceed/>` is
    /// written), then report `tlsEstablished` or close on failure.
    case startTLS
    /// Discard the XML parser's state: a new stream header comes next
    /// (RFC 6120 §4.3.3, after TLS and after SASL).
    case restartStream
    /// SASL succeeded for this identity.
    case authenticated(SASLIdentity, mechanism: String)
    /// Resource binding requested: decide the full JID (generate a resource
    /// when `requestedResource` is nil, apply the conflict policy) and report
    /// `bindCompleted` or `bindFailed`.
    case bind(account: JID, requestedResource: String?)
    /// The session is bound; stanzas flow from now on.
    case established(JID)
    /// XEP-0198 `<resume/>` from the client authenticated as `account`:
    /// find the session `previd`, then report `resumeCompleted` or `resumeFailed`.
    case resume(account: JID, previd: String, h: UInt32)
    /// A XEP-0198 element on the bound stream, for the session's stream management.
    case streamManagement(SMElement)
    /// A stanza from the client, `from` stamped with the session's full JID.
    case route(XMLElement)
    /// Start (or restart) the negotiation timer; on expiry report `negotiationTimedOut`.
    case scheduleNegotiationTimeout(Duration)
    /// Stop the negotiation timer.
    case cancelNegotiationTimeout
    /// Write `<stream:error>` (when given) and `</stream:stream>`, then close the TCP connection.
    case close(StreamError?)
}
