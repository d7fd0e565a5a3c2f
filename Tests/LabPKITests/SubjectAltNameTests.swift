import LabPKI
import SwiftASN1
import Testing
import X509

/// The DER the CA writes, checked against RFC 6120 §13.7.1 and RFC 4985.
@Suite struct SubjectAltNameTests {
    static let xmppAddr: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 8, 5]
    static let srvName: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 8, 7]

    /// The otherName's value, which must be exactly one element of `tag`.
    func value(of name: GeneralName.OtherName, tag: ASN1Identifier) throws -> String {
        let value = try #require(name.value)
        let node = try DER.parse(try value.derBytes)
        #expect(node.identifier == tag)
        guard case .primitive(let bytes) = node.content else {
            Issue.record("constructed otherName value")
            return ""
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func serverCertificateNamesTheDomainFourWays() throws {
        let ca = try LabCertificateAuthority()
        let leaf = try ca.issueServerIdentity(domain: "alpha.test").certificate
        let names = Array(try #require(try leaf.extensions.subjectAlternativeNames))
        #expect(names.count == 4)
        #expect(names.first == .dnsName("alpha.test"))

        var xmppAddrs: [String] = []
        var srvNames: [String] = []
        for case .otherName(let otherName) in names {
            if otherName.typeID == Self.xmppAddr {
                xmppAddrs.append(try value(of: otherName, tag: .utf8String))
            } else if otherName.typeID == Self.srvName {
                srvNames.append(try value(of: otherName, tag: .ia5String))
            } else {
                Issue.record("unexpected otherName \(otherName.typeID)")
            }
        }
        #expect(xmppAddrs == ["alpha.test"])
        #expect(srvNames == ["_xmpp-client.alpha.test", "_xmpp-server.alpha.test"])
    }

    @Test func serverCertificateIsForBothTLSRoles() throws {
        let ca = try LabCertificateAuthority()
        let leaf = try ca.issueServerIdentity(domain: "alpha.test").certificate
        let usages = try #require(try leaf.extensions.extendedKeyUsage)
        #expect(Array(usages) == [.serverAuth, .clientAuth])
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        let keyUsage = try #require(try leaf.extensions.keyUsage)
        #expect(keyUsage.digitalSignature && !keyUsage.keyCertSign)
        #expect(leaf.subject.description.contains("CN=alpha.test"))
    }

    @Test func clientCertificateCarriesOnlyTheBareJID() throws {
        let ca = try LabCertificateAuthority()
        let leaf = try ca.issueClientIdentity(jid: "alice@alpha.test").certificate
        let names = Array(try #require(try leaf.extensions.subjectAlternativeNames))
        guard names.count == 1, case .otherName(let otherName) = names[0] else {
            Issue.record("expected one otherName, got \(names)")
            return
        }
        #expect(otherName.typeID == Self.xmppAddr)
        #expect(try value(of: otherName, tag: .utf8String) == "alice@alpha.test")
        let usages = try #require(try leaf.extensions.extendedKeyUsage)
        #expect(Array(usages) == [.clientAuth])
    }

    @Test func nonASCIILocalpartIsWrittenAsUTF8() throws {
        let ca = try LabCertificateAuthority()
        let leaf = try ca.issueClientIdentity(jid: "jürgen@alpha.test").certificate
        let names = Array(try #require(try leaf.extensions.subjectAlternativeNames))
        guard case .otherName(let otherName) = names.first else {
            Issue.record("no otherName")
            return
        }
        #expect(try value(of: otherName, tag: .utf8String) == "jürgen@alpha.test")
    }
}
