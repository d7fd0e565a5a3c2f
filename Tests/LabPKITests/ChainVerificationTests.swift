import Foundation
import LabPKI
import Testing
import X509

/// Leaves checked with swift-certificates' own RFC 5280 verifier.
@Suite struct ChainVerificationTests {
    func validate<Policy: VerifierPolicy>(
        _ leaf: Certificate,
        against root: Certificate,
        @PolicyBuilder policy: () -> Policy
    ) async -> CertificateValidationResult {
        var verifier = Verifier(rootCertificates: CertificateStore([root]), policy: policy)
        return await verifier.validate(leaf: leaf, intermediates: CertificateStore())
    }

    @Test func serverLeafChainsToTheRootAndMatchesItsDomain() async throws {
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueServerIdentity(domain: "alpha.test")
        let result = await validate(identity.certificate, against: ca.rootCertificate) {
            RFC5280Policy()
            ServerIdentityPolicy(serverHostname: "alpha.test", serverIP: nil)
        }
        guard case .validCertificate(let chain) = result else {
            Issue.record("not valid: \(result)")
            return
        }
        #expect(Array(chain) == [identity.certificate, ca.rootCertificate])
    }

    @Test func serverLeafDoesNotMatchAnotherDomain() async throws {
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueServerIdentity(domain: "alpha.test")
        let result = await validate(identity.certificate, against: ca.rootCertificate) {
            RFC5280Policy()
            ServerIdentityPolicy(serverHostname: "bravo.test", serverIP: nil)
        }
        guard case .couldNotValidate = result else {
            Issue.record("validated for the wrong domain")
            return
        }
    }

    @Test func clientLeafChainsToTheRoot() async throws {
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueClientIdentity(jid: "alice@alpha.test")
        let result = await validate(identity.certificate, against: ca.rootCertificate) { RFC5280Policy() }
        guard case .validCertificate(let chain) = result else {
            Issue.record("not valid: \(result)")
            return
        }
        #expect(chain.count == 2)
    }

    @Test func leafFromAnotherAuthorityDoesNotVerify() async throws {
        let ca = try LabCertificateAuthority()
        let stranger = try LabCertificateAuthority(commonName: "xmpplab root CA")
        let identity = try stranger.issueServerIdentity(domain: "alpha.test")
        let result = await validate(identity.certificate, against: ca.rootCertificate) { RFC5280Policy() }
        guard case .couldNotValidate = result else {
            Issue.record("a foreign leaf validated")
            return
        }
    }

    @Test func leafIsSignedByTheRootKey() throws {
        let ca = try LabCertificateAuthority()
        let leaf = try ca.issueServerIdentity(domain: "alpha.test").certificate
        #expect(leaf.issuer == ca.rootCertificate.subject)
        #expect(ca.rootCertificate.publicKey.isValidSignature(leaf.signature, for: leaf))
        #expect(
            try leaf.extensions.authorityKeyIdentifier?.keyIdentifier
                == ca.rootCertificate.extensions.subjectKeyIdentifier?.keyIdentifier
        )
    }
}
