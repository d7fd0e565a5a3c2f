import Testing
import XMPPCore

@testable import XMPPProtocol

/// PLAIN (RFC 4616) server and client.
struct SASLPlainTests {
    static func server(_ context: SASLServerContext = SASLHarness.context()) -> SASLPlainServer {
        SASLPlainServer(context: context)
    }

    static func message(_ authzid: String, _ authcid: String, _ password: String) -> [UInt8] {
        Array("\(authzid)\0\(authcid)\0\(password)".utf8)
    }

    static func succeeds(_ username: String) -> SASLServerStep {
        .success(SASLIdentity(authcid: username), additionalData: nil)
    }

    @Test func clientMessageIsRFC4616() {
        var client = SASLPlainClient(username: "tim", password: "tanstaaftanstaaf")
        #expect(client.initialResponse() == Array("\0tim\0tanstaaftanstaaf".utf8))
        var withAuthzid = SASLPlainClient(username: "Kurt", password: "xipj3plmq", authzid: "Ursel")
        #expect(withAuthzid.initialResponse() == Array("Ursel\0Kurt\0xipj3plmq".utf8))
    }

    @Test func verifiesAgainstClearTextOrSCRAMCredentials() {
        var romeo = Self.server()
        #expect(romeo.start(initialResponse: Self.message("", "romeo", "juliet's balcony")) == Self.succeeds("romeo"))
        var juliet = Self.server()
        #expect(juliet.start(initialResponse: Self.message("", "juliet", "r0m30myr0m30")) == Self.succeeds("juliet"))
    }

    @Test func ownBareJIDIsAValidAuthzid() {
        for authzid in ["juliet@example.com", "Juliet@EXAMPLE.com"] {
            let (outcome, _) = SASLHarness.run(
                SASLPlainClient(username: "juliet", password: "r0m30myr0m30", authzid: authzid), Self.server()
            )
            #expect(outcome == .success(SASLIdentity(authcid: "juliet", authzid: "juliet@example.com")))
        }
    }

    @Test(arguments: ["romeo@example.com", "juliet@example.org", "juliet@example.com/balcony", "example.com", "not a jid@"])
    func otherAuthzidIsInvalidAuthzid(_ authzid: String) {
        let (outcome, _) = SASLHarness.run(
            SASLPlainClient(username: "juliet", password: "r0m30myr0m30", authzid: authzid), Self.server()
        )
        #expect(outcome == .failure(.invalidAuthzid))
    }

    @Test(arguments: [("juliet", "wrong"), ("romeo", "Juliet's balcony"), ("nobody", "r0m30myr0m30"), ("nurse", "anything")])
    func wrongPasswordOrUnknownUserIsNotAuthorized(_ username: String, _ password: String) {
        let (outcome, _) = SASLHarness.run(SASLPlainClient(username: username, password: password), Self.server())
        #expect(outcome == .failure(.notAuthorized))
    }

    @Test(arguments: SASLHarness.unusableAccounts)
    func unusableAccountsGiveTheirCondition(_ username: String, _ condition: SASLFailureCondition) {
        let (outcome, _) = SASLHarness.run(SASLPlainClient(username: username, password: "x"), Self.server())
        #expect(outcome == .failure(condition))
    }

    @Test func needsEncryption() {
        var server = Self.server(SASLHarness.context(encrypted: false))
        let refusal = SASLServerStep.failure(SASLFailure(.encryptionRequired, text: "PLAIN needs TLS"))
        #expect(server.start(initialResponse: Self.message("", "romeo", "juliet's balcony")) == refusal)
        var waiting = Self.server(SASLHarness.context(encrypted: false))
        #expect(waiting.start(initialResponse: nil) == refusal)
    }

    @Test func accountWithoutPlainIsMechanismTooWeak() {
        let (outcome, _) = SASLHarness.run(SASLPlainClient(username: "tybalt", password: "sword"), Self.server())
        #expect(outcome == .failure(.mechanismTooWeak))
    }

    @Test(arguments: [
        Array("juliet r0m30myr0m30".utf8), Array("\0juliet".utf8), Array("\0juliet\0r0m30myr0m30\0".utf8),
        Array("\0\0r0m30myr0m30".utf8), Array("\0juliet\0".utf8), [0, 0x6A, 0xFF, 0, 0x70], [],
    ])
    func malformedMessagesAreMalformedRequest(_ message: [UInt8]) {
        var server = Self.server()
        guard case .failure(let failure) = server.start(initialResponse: message) else {
            Issue.record("accepted \(message)")
            return
        }
        #expect(failure.condition == .malformedRequest)
    }

    @Test func preparesUsernameAndPasswordWithSASLprep() {
        // U+00AD (soft hyphen) maps to nothing; U+00A0 maps to a space.
        var server = Self.server()
        #expect(server.start(initialResponse: Self.message("", "jul\u{AD}iet", "r0m30myr0m30")) == Self.succeeds("juliet"))
        var spaced = Self.server()
        #expect(spaced.start(initialResponse: Self.message("", "romeo", "juliet's\u{A0}balcony")) == Self.succeeds("romeo"))
        var prohibited = Self.server()
        let bell = Self.message("", "romeo", "juliet's\u{7}balcony")
        #expect(prohibited.start(initialResponse: bell) == .failure(SASLFailure(.notAuthorized)))
    }

    @Test func clientRefusesWhatPLAINDoesNotDefine() throws {
        var client = SASLPlainClient(username: "a", password: "b")
        #expect(throws: SASLClientError(.unexpectedSuccess, "success before the credentials were sent")) {
            try client.verifySuccess(additionalData: nil)
        }
        #expect(try client.respond(toChallenge: []) == Array("\0a\0b".utf8))
        #expect { try client.respond(toChallenge: []) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedChallenge }
        #expect { try client.verifySuccess(additionalData: [1]) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedAdditionalData }
        try client.verifySuccess(additionalData: [])
        try client.verifySuccess(additionalData: nil)
    }
}
