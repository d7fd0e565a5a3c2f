import Crypto
import Foundation
import NIOSSL
import X509

/// The lab's in-process certificate authority: one self-signed P-256 root that
/// issues the leaf certificates of every virtual server and client.
///
/// Keys come from swift-crypto's system random generator and serial numbers
/// are random, so certificates differ on every run. That is deliberate: they
/// are not part of the reproducible trace (the seeded generator drives
/// scenario behaviour, never key material). Nothing is written to disk;
/// ``rootPEM`` and ``LabIdentity/certificatePEM`` are there for tools that want
/// files (e.g. a third-party client told to trust the lab root).
public struct LabCertificateAuthority: Sendable {
    /// How long before "now" certificates start being valid, so small clock
    /// differences between peers never make a fresh certificate "not yet valid".
    static let backdating: TimeInterval = 3600

    /// The self-signed root: basicConstraints CA:true (critical, pathlen 0),
    /// keyUsage keyCertSign + cRLSign (critical).
    public let rootCertificate: Certificate
    /// The root in PEM (`-----BEGIN CERTIFICATE-----`).
    public let rootPEM: String
    let rootPrivateKey: Certificate.PrivateKey
    let rootNIOSSLCertificate: NIOSSLCertificate

    /// Creates a fresh root with a new P-256 key.
    /// - Parameters:
    ///   - commonName: the root's subject CN (the subject also carries O=xmpplab).
    ///   - validity: seconds from now until the root, and every leaf it issues,
    ///     expires; one year by default.
    public init(commonName: String = "xmpplab root CA", validity: TimeInterval = 365 * 86_400) throws {
        guard validity.isFinite, validity > 0 else { throw LabPKIError.invalidValidity }
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            OrganizationName("xmpplab")
            CommonName(commonName)
        }
        let now = Date.wholeSecondNow
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now - Self.backdating,
            notValidAfter: now + validity,
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key
        )
        let pem = try certificate.serializeAsPEM().pemString
        self.rootCertificate = certificate
        self.rootPEM = pem
        self.rootPrivateKey = key
        self.rootNIOSSLCertificate = try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)
    }

    /// The root as NIOSSL trust roots: `.certificates(ca.trustRoots)`.
    public var trustRoots: [NIOSSLCertificate] { [rootNIOSSLCertificate] }
}
