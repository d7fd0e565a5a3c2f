import NIOSSL
import X509

/// Identities a peer certificate asserts, for SASL EXTERNAL (XEP-0178) and s2s checks.
///
/// Values are listed in certificate order, as written (no case folding or
/// normalization: comparing them against a JID or domain is the caller's job).
/// The subject's commonName is deliberately ignored (RFC 6125 §6.4.4: only
/// without any subjectAltName, and the lab always issues subjectAltNames).
public struct XMPPCertificateIdentities: Sendable, Equatable {
    /// id-on-xmppAddr otherNames (RFC 6120 §13.7.1.4), e.g. `juliet@capulet.lit`.
    public var xmppAddrs: [String]
    /// dNSName entries, e.g. `capulet.lit`.
    public var dnsNames: [String]
    /// SRVName otherNames (RFC 4985), e.g. `_xmpp-server.capulet.lit`.
    public var srvNames: [String]

    public init(xmppAddrs: [String] = [], dnsNames: [String] = [], srvNames: [String] = []) {
        self.xmppAddrs = xmppAddrs
        self.dnsNames = dnsNames
        self.srvNames = srvNames
    }

    /// Reads the subjectAltName extension. A certificate without one, or with
    /// one that does not parse, asserts no identities.
    public init(certificate: Certificate) {
        self.init()
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return }
        for name in names {
            switch name {
            case .dnsName(let dnsName):
                dnsNames.append(dnsName)
            case .otherName(let otherName):
                if let jid = XMPPOtherNames.xmppAddr(of: otherName) {
                    xmppAddrs.append(jid)
                } else if let srvName = XMPPOtherNames.srvName(of: otherName) {
                    srvNames.append(srvName)
                }
            default:
                continue
            }
        }
    }

    /// Reads the certificate NIOSSL reports for the peer (re-parsed from DER).
    /// Nil when the certificate cannot be serialized or parsed.
    public init?(peerCertificate: NIOSSLCertificate) {
        guard let der = try? peerCertificate.toDERBytes(),
            let certificate = try? Certificate(derEncoded: der)
        else { return nil }
        self.init(certificate: certificate)
    }
}
