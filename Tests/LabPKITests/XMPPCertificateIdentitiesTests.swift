import LabPKI
import NIOSSL
import Testing
import X509

@Suite struct XMPPCertificateIdentitiesTests {
    @Test func serverCertificateRoundTrip() throws {
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueServerIdentity(domain: "alpha.test")
        let expected = XMPPCertificateIdentities(
            xmppAddrs: ["alpha.test"],
            dnsNames: ["alpha.test"],
            srvNames: ["_xmpp-client.alpha.test", "_xmpp-server.alpha.test"]
        )
        #expect(XMPPCertificateIdentities(certificate: identity.certificate) == expected)
        #expect(XMPPCertificateIdentities(peerCertificate: identity.certificateChain[0]) == expected)
    }

    @Test func clientCertificateRoundTrip() throws {
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueClientIdentity(jid: "alice@alpha.test")
        let expected = XMPPCertificateIdentities(xmppAddrs: ["alice@alpha.test"])
        #expect(XMPPCertificateIdentities(certificate: identity.certificate) == expected)
        #expect(XMPPCertificateIdentities(peerCertificate: identity.certificateChain[0]) == expected)
        let fromPEM = try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem)
        #expect(XMPPCertificateIdentities(peerCertificate: fromPEM) == expected)
    }

    @Test func certificateWithoutSubjectAltNamesAssertsNothing() throws {
        let ca = try LabCertificateAuthority()
        #expect(XMPPCertificateIdentities(certificate: ca.rootCertificate) == XMPPCertificateIdentities())
        #expect(XMPPCertificateIdentities(peerCertificate: ca.trustRoots[0]) == XMPPCertificateIdentities())
    }
}
