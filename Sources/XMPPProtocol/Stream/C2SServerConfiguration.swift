import XMPPCore

/// What a server's c2s stream negotiation needs to know (RFC 6120 §4–§7).
public struct C2SServerConfiguration: Sendable {
    /// The domain this server serves; a stream to any other (or to a
    /// virtual host not listed) is `host-unknown`.
    public var domain: String
    /// Further domains served on the same listener, each with where its
    /// accounts are looked up.
    public var virtualHosts: [String: any SASLCredentialStore]
    /// STARTTLS policy (`.required` offers nothing else first).
    public var tls: TLSPolicy
    /// The SASL mechanisms enabled on this server.
    public var sasl: SASLServerMechanisms
    /// Where SASL mechanisms look accounts up.
    public var credentials: any SASLCredentialStore
    /// Failed SASL attempts allowed before the stream is closed with
    /// `policy-violation` (RFC 6120 §6.4.5: "at least 2 and no more than 5"
    /// retries; the default 3 attempts allows 2 retries).
    public var maxAuthenticationAttempts: Int
    /// Time from the TCP connection to a bound resource before the stream is
    /// closed with `connection-timeout`.
    public var negotiationTimeout: Duration
    /// `xml:lang` of the response stream when the client names none.
    public var defaultLanguage: String
    /// Features offered after authentication besides `<bind/>` (stream
    /// management, roster versioning, …).
    public var postAuthenticationFeatures: [XMLElement]
    /// The server's secret for SCRAM's made-up salts of unknown users, so
    /// they cannot be told from real ones (draw it once from the server's generator).
    public var saslSaltSecret: [UInt8]

    public init(
        domain: String,
        virtualHosts: [String: any SASLCredentialStore] = [:],
        tls: TLSPolicy = .required,
        sasl: SASLServerMechanisms,
        credentials: any SASLCredentialStore,
        maxAuthenticationAttempts: Int = 3,
        negotiationTimeout: Duration = .seconds(30),
        defaultLanguage: String = "en",
        postAuthenticationFeatures: [XMLElement] = [],
        saslSaltSecret: [UInt8] = []
    ) {
        self.domain = domain
        self.virtualHosts = virtualHosts
        self.tls = tls
        self.sasl = sasl
        self.credentials = credentials
        self.maxAuthenticationAttempts = maxAuthenticationAttempts
        self.negotiationTimeout = negotiationTimeout
        self.defaultLanguage = defaultLanguage
        self.postAuthenticationFeatures = postAuthenticationFeatures
        self.saslSaltSecret = saslSaltSecret
    }
}
