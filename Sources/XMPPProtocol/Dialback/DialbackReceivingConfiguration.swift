/// How a server treats dialback on its inbound streams.
public struct DialbackReceivingConfiguration: Sendable {
    /// The domains this server serves (Target Domains it accepts, and the
    /// domains it is the Authoritative Server for).
    public var hostedDomains: Set<String>
    /// The server's secret, to answer `<db:verify/>` as Authoritative Server.
    public var secret: DialbackSecret
    /// Refuse dialback before TLS with `policy-violation` (§2.5).
    public var requiresTLS: Bool
    /// On an `invalid` verdict, answer with a `forbidden` dialback error and
    /// keep the stream instead of `type='invalid'` and closing it (the MAY of §2.1.2).
    public var answersInvalidKeyWithForbidden: Bool

    public init(
        hostedDomains: Set<String>,
        secret: DialbackSecret,
        requiresTLS: Bool = false,
        answersInvalidKeyWithForbidden: Bool = false
    ) {
        self.hostedDomains = hostedDomains
        self.secret = secret
        self.requiresTLS = requiresTLS
        self.answersInvalidKeyWithForbidden = answersInvalidKeyWithForbidden
    }
}
