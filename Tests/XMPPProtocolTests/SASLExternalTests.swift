import Testing
import XMPPCore

@testable import XMPPProtocol

/// EXTERNAL (RFC 4422 Appendix A) with certificates (XEP-0178).
struct SASLExternalTests {
    static func outcome(
        identities: [String], expected: String? = nil, authzid: String? = nil, initialResponse: Bool = true
    ) -> SASLHarness.Outcome {
        let context = SASLHarness.context(identities: identities, expected: expected)
        return SASLHarness.run(
            SASLExternalClient(authzid: authzid), SASLExternalServer(context: context), initialResponse: initialResponse
        ).outcome
    }

    // MARK: Client-to-server

    @Test(arguments: [true, false])
    func theOnlyJIDOfThisDomainIsTheIdentity(initialResponse: Bool) {
        #expect(
            Self.outcome(identities: ["juliet@example.com"], initialResponse: initialResponse)
                == .success(SASLIdentity(authcid: "juliet"))
        )
        #expect(
            Self.outcome(identities: ["romeo@example.net", "Juliet@Example.COM", "example.com"])
                == .success(SASLIdentity(authcid: "juliet")),
            "JIDs elsewhere and domains do not count; JIDs compare normalised"
        )
    }

    @Test func anAuthzidChoosesAmongTheCertificatesJIDs() {
        let identities = ["juliet@example.com", "nurse@example.com"]
        #expect(Self.outcome(identities: identities) == .failure(.invalidAuthzid), "several JIDs need an authzid")
        #expect(
            Self.outcome(identities: identities, authzid: "nurse@example.com")
                == .success(SASLIdentity(authcid: "nurse", authzid: "nurse@example.com"))
        )
        #expect(
            Self.outcome(identities: ["juliet@example.com"], authzid: "JULIET@example.com")
                == .success(SASLIdentity(authcid: "juliet", authzid: "juliet@example.com"))
        )
    }

    @Test(arguments: ["romeo@example.com", "juliet@example.com/balcony", "example.com", "@@"])
    func anAuthzidNotInTheCertificateIsInvalidAuthzid(_ authzid: String) {
        #expect(Self.outcome(identities: ["juliet@example.com"], authzid: authzid) == .failure(.invalidAuthzid))
    }

    @Test(arguments: [[], ["romeo@example.net"], ["example.com"], ["juliet@example.com/res"]] as [[String]])
    func noJIDOfThisDomainIsNotAuthorized(_ identities: [String]) {
        #expect(Self.outcome(identities: identities) == .failure(.notAuthorized))
        #expect(Self.outcome(identities: identities, authzid: "juliet@example.com") == .failure(.notAuthorized))
    }

    // MARK: Server-to-server

    @Test(arguments: [
        (["example.net"], "example.net"), (["EXAMPLE.NET."], "example.net"), (["xmpp:nothing", "example.net"], "example.net"),
        (["*.example.net"], "chat.example.net"),
    ])
    func theCertificateMustNameThePeerDomain(_ identities: [String], _ domain: String) {
        #expect(Self.outcome(identities: identities, expected: domain) == .success(SASLIdentity(authcid: domain)))
        #expect(
            Self.outcome(identities: identities, expected: domain, authzid: domain)
                == .success(SASLIdentity(authcid: domain, authzid: domain))
        )
    }

    @Test(arguments: [
        (["example.org"], "example.net"), (["*.example.net"], "example.net"), (["*.net"], "example.net"),
        (["*.example.net"], "a.b.example.net"), (["juliet@example.net"], "example.net"), ([], "example.net"),
    ])
    func anyOtherCertificateIsNotAuthorized(_ identities: [String], _ domain: String) {
        #expect(Self.outcome(identities: identities, expected: domain) == .failure(.notAuthorized))
    }

    @Test func aServerMayOnlyActAsItself() {
        #expect(
            Self.outcome(identities: ["example.net", "example.org"], expected: "example.net", authzid: "example.org")
                == .failure(.invalidAuthzid)
        )
    }

    // MARK: Messages

    @Test func clientSendsTheAuthzidOrNothing() {
        var none = SASLExternalClient()
        #expect(none.initialResponse() == [])
        var named = SASLExternalClient(authzid: "juliet@example.com")
        #expect(named.initialResponse() == Array("juliet@example.com".utf8))
    }

    @Test func malformedAuthzidIsMalformedRequest() {
        var server = SASLExternalServer(context: SASLHarness.context(identities: ["juliet@example.com"]))
        #expect(server.start(initialResponse: [0xC3]) == .failure(SASLFailure(.malformedRequest, text: "authzid is not UTF-8")))
        var nul = SASLExternalServer(context: SASLHarness.context(identities: ["juliet@example.com"]))
        #expect(nul.start(initialResponse: [0x61, 0]) == .failure(SASLFailure(.malformedRequest, text: "authzid is not UTF-8")))
    }

    @Test func clientRefusesUnexpectedMessages() throws {
        var client = SASLExternalClient(authzid: "a@b")
        #expect { try client.verifySuccess(additionalData: nil) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedSuccess }
        #expect(try client.respond(toChallenge: []) == Array("a@b".utf8))
        #expect { try client.respond(toChallenge: []) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedChallenge }
        #expect { try client.verifySuccess(additionalData: [0]) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedAdditionalData }
    }
}
