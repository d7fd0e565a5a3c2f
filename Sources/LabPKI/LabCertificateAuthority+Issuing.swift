import Crypto
import Foundation
import X509

extension LabCertificateAuthority {
    /// Issues the certificate of an XMPP server for `domain` (RFC 6120
    /// §13.7.1.2): subjectAltName dNSName=domain, otherName id-on-xmppAddr=domain,
    /// and SRVName `_xmpp-client.domain` and `_xmpp-server.domain`; extended key
    /// usage serverAuth and clientAuth, since s2s uses the same certificate as
    /// TLS server (incoming) and TLS client (outgoing).
    ///
    /// `domain` must be an ASCII DNS name (give IDNs as A-labels).
    public func issueServerIdentity(domain: String) throws -> LabIdentity {
        try issueServerIdentity(domains: [domain])
    }

    /// Issues one certificate for a server hosting several domains (virtual
    /// hosts): the same four names for each, the first domain as common name.
    public func issueServerIdentity(domains: [String]) throws -> LabIdentity {
        guard let first = domains.first else { throw LabPKIError.invalidDomain("") }
        var names: [GeneralName] = []
        for domain in domains {
            guard XMPPNameValidation.isDNSName(domain) else { throw LabPKIError.invalidDomain(domain) }
            names += [
                .dnsName(domain),
                try XMPPOtherNames.xmppAddr(domain),
                try XMPPOtherNames.srvName("_xmpp-client." + domain),
                try XMPPOtherNames.srvName("_xmpp-server." + domain),
            ]
        }
        return try issueLeaf(commonName: first, subjectAltNames: names, usages: [.serverAuth, .clientAuth])
    }

    /// Issues the certificate of an XMPP user for SASL EXTERNAL (XEP-0178):
    /// subjectAltName otherName id-on-xmppAddr (UTF8String) = the bare JID;
    /// extended key usage clientAuth.
    ///
    /// `jid` must be a bare `local@domain` JID with an ASCII DNS domain; it is
    /// written exactly as given (callers pass an already prepared JID).
    public func issueClientIdentity(jid: String) throws -> LabIdentity {
        guard XMPPNameValidation.isBareUserJID(jid) else { throw LabPKIError.invalidJID(jid) }
        return try issueLeaf(
            commonName: jid,
            subjectAltNames: [try XMPPOtherNames.xmppAddr(jid)],
            usages: [.clientAuth]
        )
    }

    /// A P-256 leaf signed by the root: basicConstraints CA:false and keyUsage
    /// digitalSignature (both critical), valid from an hour ago until the root
    /// expires, with subject and authority key identifiers.
    func issueLeaf(
        commonName: String,
        subjectAltNames: [GeneralName],
        usages: [ExtendedKeyUsage.Usage]
    ) throws -> LabIdentity {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName {
            OrganizationName("xmpplab")
            CommonName(commonName)
        }
        let notValidBefore = max(Date.wholeSecondNow - Self.backdating, rootCertificate.notValidBefore)
        let rootKeyIdentifier = try rootCertificate.extensions.subjectKeyIdentifier?.keyIdentifier
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notValidBefore,
            notValidAfter: rootCertificate.notValidAfter,
            issuer: rootCertificate.subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage(usages)
                SubjectAlternativeNames(subjectAltNames)
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: rootKeyIdentifier)
            },
            issuerPrivateKey: rootPrivateKey
        )
        return try LabIdentity(certificate: certificate, key: key)
    }
}
