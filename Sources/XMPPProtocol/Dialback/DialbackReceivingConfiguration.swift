/// How a server treats dialback on its inbound streams.
public struct DialbackReceivingConfiguration: Sendable {
    /// The domains this server serves (Target Domains it accepts, and the
    /// domains it is the Authoritative Server for).
    public var hostedDomains: Set<String>
    /// The key this server generates (XEP-0185), to answer `<db:verify/>` as
    /// Authoritative Server: (receiving server, originating server, stream id).
    public var key: @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> DialbackKey
    /// Refuse dialback before TLS with `policy-violation` (§2.5).
    public var requiresTLS: Bool
    /// On an `invalid` verdict, answer with a `forbidden` dialback error and
    /// keep the stream instead of `type='invalid'` and closing it (the MAY of §2.1.2).
    public var answersInvalidKeyWithForbidden: Bool
    /// After `type='invalid'`, close the stream with `not-authorized`. XEP-0220
    /// required it before version 0.6; since then the stream may stay for its
    /// other pairs (`false`), which is what the lab's servers do.
    public var closesStreamOnInvalidKey: Bool

    public init(
        hostedDomains: Set<String>,
        secret: DialbackSecret,
        requiresTLS: Bool = false,
        answersInvalidKeyWithForbidden: Bool = false,
        closesStreamOnInvalidKey: Bool = true
    ) {
        self.init(
            hostedDomains: hostedDomains, requiresTLS: requiresTLS, answersInvalidKeyWithForbidden: answersInvalidKeyWithForbidden,
            closesStreamOnInvalidKey: closesStreamOnInvalidKey
        ) { receiving, originating, streamID in
            DialbackKey(secret: secret, receivingServer: receiving, originatingServer: originating, streamID: streamID)
        }
    }

    public init(
        hostedDomains: Set<String>,
        requiresTLS: Bool = false,
        answersInvalidKeyWithForbidden: Bool = false,
        closesStreamOnInvalidKey: Bool = true,
        key: @escaping @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> DialbackKey
    ) {
        self.hostedDomains = hostedDomains
        self.key = key
        self.requiresTLS = requiresTLS
        self.answersInvalidKeyWithForbidden = answersInvalidKeyWithForbidden
        self.closesStreamOnInvalidKey = closesStreamOnInvalidKey
    }
}
