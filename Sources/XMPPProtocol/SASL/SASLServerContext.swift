/// What a server mechanism needs to know about the stream it runs on.
public struct SASLServerContext: Sendable {
    /// The server's domain; ANONYMOUS and EXTERNAL identities live here, and
    /// authorization identities are checked against it.
    public var domain: String
    /// Whether TLS is established on this stream (PLAIN needs it).
    public var isEncrypted: Bool
    /// Identities from the peer's verified certificate (XmppAddr JIDs or DNS
    /// domains, XEP-0178), empty if it presented none.
    public var peerCertificateIdentities: [String]
    /// On a server-to-server stream: the domain the certificate must match
    /// (the stream's `from`, XEP-0178 §4); `nil` on a client stream.
    public var expectedIdentity: String?
    public var credentials: any SASLCredentialStore
    /// A per-server secret mixed into the SCRAM salt announced for accounts
    /// without stored SCRAM credentials and for unknown users, so those
    /// cannot be told apart by recomputing the salt. Draw it once from the
    /// server's `SeededGenerator`; empty works but is guessable.
    public var saltSecret: [UInt8]

    public init(
        domain: String,
        isEncrypted: Bool = false,
        peerCertificateIdentities: [String] = [],
        expectedIdentity: String? = nil,
        credentials: any SASLCredentialStore,
        saltSecret: [UInt8] = []
    ) {
        self.domain = domain
        self.isEncrypted = isEncrypted
        self.peerCertificateIdentities = peerCertificateIdentities
        self.expectedIdentity = expectedIdentity
        self.credentials = credentials
        self.saltSecret = saltSecret
    }
}
