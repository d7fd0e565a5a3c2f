import Crypto
import NIOSSL
import X509

/// A leaf certificate issued by ``LabCertificateAuthority`` together with its
/// private key, in the forms swift-certificates, NIOSSL and PEM files need.
public struct LabIdentity: Sendable {
    public let certificate: Certificate
    /// The chain to present in TLS: just the leaf. The lab has no
    /// intermediates and peers already hold the root as their trust anchor.
    public let certificateChain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey
    /// The leaf in PEM (`-----BEGIN CERTIFICATE-----`).
    public let certificatePEM: String
    /// The P-256 key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    public let privateKeyPEM: String

    init(certificate: Certificate, key: P256.Signing.PrivateKey) throws {
        let certificatePEM = try certificate.serializeAsPEM().pemString
        let privateKeyPEM = key.pemRepresentation
        self.certificate = certificate
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.certificateChain = [try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)]
        self.privateKey = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
    }
}
