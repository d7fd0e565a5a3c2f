import XMPPCore

/// How a server authenticates server-to-server streams (RFC 6120 §5, §6;
/// XEP-0178; XEP-0220; XEP-0288).
public struct S2SPolicy: Hashable, Sendable {
    /// STARTTLS on s2s streams.
    public var tls: TLSPolicy
    /// SASL EXTERNAL with the domain certificates (the preferred method).
    public var external: Bool
    /// Server Dialback: alone, or as the fallback when EXTERNAL is not
    /// offered or fails (the profile: "SHALL failback to Server Dialback").
    public var dialback: Bool
    /// XEP-0288: offer bidirectional streams to initiating servers, and ask
    /// for one when a receiving server offers it, so one connection carries
    /// both directions; without agreement each side opens its own.
    public var bidi: Bool
    /// An outgoing stream that carried nothing for this long is closed; the
    /// next stanza opens a new one.
    public var idleTimeout: Duration
    /// After a domain could not be reached, stanzas for it are bounced at
    /// once for this long (doubling on each further failure, up to
    /// `maximumBackoff`) instead of trying again for each one.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// XEP-0198 on s2s streams: offered to initiating servers and asked of
    /// receiving ones, with resumption: a stream that breaks is resumed over
    /// a new connection (what the peer missed is sent again, once); when it
    /// cannot be, what it never acknowledged is sent again over a new stream.
    /// The queue limit is high by default (a million): a server relaying a
    /// burst has many stanzas in flight on a healthy stream, and a dead peer
    /// is found by the keepalive.
    public var streamManagement: StreamManagementPolicy
    /// XEP-0199 pings over an outgoing stream whose peer has been silent; a
    /// peer that does not answer has its stream closed (and what it left
    /// unacknowledged is sent again over a new one).
    public var keepalive: KeepalivePolicy

    public init(
        tls: TLSPolicy = .required, external: Bool = true, dialback: Bool = true, bidi: Bool = false,
        idleTimeout: Duration = .seconds(300), initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(60),
        streamManagement: StreamManagementPolicy = StreamManagementPolicy(maxUnacknowledged: 1_000_000),
        keepalive: KeepalivePolicy = KeepalivePolicy()
    ) {
        self.tls = tls
        self.external = external
        self.dialback = dialback
        self.bidi = bidi
        self.idleTimeout = idleTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.streamManagement = streamManagement
        self.keepalive = keepalive
    }
}

/// Why an outgoing s2s stream could not be used.
public enum S2SFailure: Error, Sendable, Equatable {
    case streamError(StreamError)
    /// TLS is required by our policy and not offered, or required by the
    /// peer and disabled here.
    case tlsUnavailable
    case tlsRefused
    /// SASL EXTERNAL failed and no fallback is allowed.
    case authentication(SASLFailure)
    /// Neither EXTERNAL nor dialback could be used.
    case noAuthenticationMethod
    /// The receiving server said the dialback key was invalid, or answered with an error.
    case dialbackRejected(StanzaError?)
    case protocolViolation(String)
    case streamClosed
}
