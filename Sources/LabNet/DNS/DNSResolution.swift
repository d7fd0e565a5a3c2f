import XMPPCore

/// The outcome of resolving a domain's XMPP service (RFC 6120 §3.2): the
/// connection attempts in order, or why there are none.
public enum DNSResolution: Hashable, Sendable, CustomStringConvertible {
    /// The SRV answer's targets, in RFC 2782 order, each with its addresses
    /// (targets without addresses are left out). When none of them can be
    /// connected to, the caller SHOULD NOT fall back to the domain's own
    /// addresses (RFC 6120 §3.2.1).
    case srv([DNSConnectionAttempt])
    /// No SRV records (NXDOMAIN or an empty answer): the domain's own A/AAAA
    /// addresses on the service's default port (RFC 6120 §3.2.2).
    case fallback(DNSConnectionAttempt)
    /// The SRV answer was a single record with target ".": the service is
    /// decidedly not offered at the domain; no fallback is tried (RFC 2782,
    /// RFC 6120 §3.2.1 step 3). Bounces as `remote-server-not-found`.
    case serviceNotOffered
    /// Nothing to connect to: the fallback found no address (NXDOMAIN or no
    /// A/AAAA records), or no SRV target resolved to an address. Bounces as
    /// `remote-server-not-found` (RFC 6120 §8.3.3.16: the remote server
    /// "does not exist or cannot be resolved").
    case notFound
    /// A query got no response: the SRV query, the fallback's address query,
    /// or (when no SRV target resolved) at least one target's address query.
    /// Bounces as `remote-server-timeout` (RFC 6120 §8.3.3.17, type "wait":
    /// the failure may be temporary).
    case timedOut
    /// A query got SERVFAIL: the SRV query, the fallback's address query, or
    /// (when no SRV target resolved, and none timed out) at least one
    /// target's address query. Bounces as `remote-server-not-found`
    /// (RFC 6120 §8.3.3.16: the name "cannot be resolved").
    case serverFailure

    /// The connection attempts, in order (empty for the failures).
    public var attempts: [DNSConnectionAttempt] {
        switch self {
        case .srv(let attempts): attempts
        case .fallback(let attempt): [attempt]
        case .serviceNotOffered, .notFound, .timedOut, .serverFailure: []
        }
    }

    /// The stanza error a server returns for a stanza it cannot route because
    /// of this outcome (nil when there are attempts to make; if they all fail
    /// to connect, that is the caller's `remote-server-not-found` or
    /// `remote-server-timeout` to decide).
    public var stanzaErrorCondition: StanzaErrorCondition? {
        switch self {
        case .srv, .fallback: nil
        case .serviceNotOffered, .notFound, .serverFailure: .remoteServerNotFound
        case .timedOut: .remoteServerTimeout
        }
    }

    public var description: String {
        switch self {
        case .srv(let attempts): "SRV: " + attempts.map(\.description).joined(separator: "; ")
        case .fallback(let attempt): "fallback: \(attempt)"
        case .serviceNotOffered: "service not offered"
        case .notFound: "not found"
        case .timedOut: "timed out"
        case .serverFailure: "server failure"
        }
    }
}
