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
    /// XEP-0288: one connection for both directions when the peer agrees.
    public var bidi: Bool

    public init(tls: TLSPolicy = .required, external: Bool = true, dialback: Bool = true, bidi: Bool = false) {
        self.tls = tls
        self.external = external
        self.dialback = dialback
        self.bidi = bidi
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
