import NIOSSL

/// TLS on the receiving side of a stream (c2s or s2s): the server's context
/// and how it reads identities from a peer certificate.
public struct ServerStreamTLS: Sendable {
    /// The server's TLS context (nil when TLS is disabled).
    public var context: NIOSSLContext?
    /// The identities a peer certificate asserts (JIDs, domains), for SASL EXTERNAL.
    public var certificateIdentities: @Sendable (NIOSSLCertificate) -> [String]

    public init(context: NIOSSLContext?, certificateIdentities: @escaping @Sendable (NIOSSLCertificate) -> [String]) {
        self.context = context
        self.certificateIdentities = certificateIdentities
    }
}
