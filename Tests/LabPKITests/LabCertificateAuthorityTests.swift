import Foundation
import LabPKI
import Testing
import X509

@Suite struct LabCertificateAuthorityTests {
    @Test func rootIsASelfSignedP256CertificateAuthority() throws {
        let ca = try LabCertificateAuthority(commonName: "test root")
        let root = ca.rootCertificate
        #expect(root.issuer == root.subject)
        #expect(root.subject.description.contains("CN=test root"))
        #expect(root.publicKey.description == "P256.PublicKey")
        #expect(root.signatureAlgorithm == .ecdsaWithSHA256)
        #expect(root.publicKey.isValidSignature(root.signature, for: root))
        let basicConstraints = try #require(try root.extensions.basicConstraints)
        #expect(basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(root.extensions[oid: .X509ExtensionID.basicConstraints]?.critical == true)
        let keyUsage = try #require(try root.extensions.keyUsage)
        #expect(keyUsage.keyCertSign)
        #expect(!keyUsage.digitalSignature)
        #expect(root.notValidBefore < Date() && Date() < root.notValidAfter)
    }

    @Test func rootPEMAndTrustRootsCarryTheRoot() throws {
        let ca = try LabCertificateAuthority()
        #expect(ca.rootPEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try Certificate(pemEncoded: ca.rootPEM) == ca.rootCertificate)
        #expect(ca.trustRoots.count == 1)
        #expect(try Certificate(derEncoded: ca.trustRoots[0].toDERBytes()) == ca.rootCertificate)
    }

    @Test func validityIsHonoured() throws {
        let ca = try LabCertificateAuthority(validity: 3600)
        #expect(ca.rootCertificate.notValidAfter.timeIntervalSinceNow <= 3600)
        let leaf = try ca.issueServerIdentity(domain: "alpha.test")
        #expect(leaf.certificate.notValidAfter == ca.rootCertificate.notValidAfter)
        #expect(throws: LabPKIError.invalidValidity) { try LabCertificateAuthority(validity: 0) }
    }

    @Test func leavesHaveFreshKeysAndSerials() throws {
        let ca = try LabCertificateAuthority()
        let first = try ca.issueServerIdentity(domain: "alpha.test")
        let second = try ca.issueServerIdentity(domain: "alpha.test")
        #expect(first.certificate.serialNumber != second.certificate.serialNumber)
        #expect(first.certificate.publicKey != second.certificate.publicKey)
        #expect(first.certificate.publicKey != ca.rootCertificate.publicKey)
    }

    @Test func identityPEMsMatchTheCertificateAndKey() throws {
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueClientIdentity(jid: "alice@alpha.test")
        #expect(try Certificate(pemEncoded: identity.certificatePEM) == identity.certificate)
        #expect(identity.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let key = try Certificate.PrivateKey(pemEncoded: identity.privateKeyPEM)
        #expect(key.publicKey == identity.certificate.publicKey)
        #expect(identity.certificateChain.count == 1)
        #expect(try identity.certificateChain[0].toDERBytes() == (try identity.certificate.derBytes))
    }

    @Test(arguments: ["", "bad domain", "münchen.example", "-alpha.test", "alpha..test", "alpha.test.", "a@b.test"])
    func serverIdentityRejectsNonDNSDomains(domain: String) throws {
        let ca = try LabCertificateAuthority()
        #expect(throws: LabPKIError.invalidDomain(domain)) { try ca.issueServerIdentity(domain: domain) }
    }

    @Test(arguments: ["", "alpha.test", "@alpha.test", "alice@", "alice@alpha.test/phone", "a@b@alpha.test", "al ice@alpha.test"])
    func clientIdentityRejectsAnythingButABareUserJID(jid: String) throws {
        let ca = try LabCertificateAuthority()
        #expect(throws: LabPKIError.invalidJID(jid)) { try ca.issueClientIdentity(jid: jid) }
    }

    /// Prints the cost of one leaf (fresh P-256 key, signature, PEM and NIOSSL
    /// conversions). No assertion on time: it only goes in the test log.
    /// Measured on the 2-core development box, debug build: 1.0–1.9 ms per leaf.
    @Test func measureIssuingTime() throws {
        let ca = try LabCertificateAuthority()
        let count = 200
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for index in 0..<count {
                _ = try ca.issueServerIdentity(domain: "server\(index).test")
            }
        }
        let perLeaf = elapsed / count
        print("LabPKI: issued \(count) server identities in \(elapsed), \(perLeaf) per leaf")
    }
}
