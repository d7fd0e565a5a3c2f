import Testing
import XMPPCore

@testable import XMPPProtocol

/// ANONYMOUS (RFC 4505) server and client.
struct SASLAnonymousTests {
    @Test func handsOutARandomLocalpartFromTheGenerator() throws {
        var random = SeededGenerator(seed: 42)
        var server = SASLAnonymousServer(random: &random)
        guard case .success(let identity, nil) = server.start(initialResponse: []) else {
            Issue.record("ANONYMOUS did not succeed")
            return
        }
        #expect(identity.authzid == nil)
        #expect(identity.authcid == server.localpart)
        #expect(identity.authcid.count == 16)
        #expect(identity.authcid.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        let jid = try JID(localpart: identity.authcid, domainpart: SASLHarness.domain)
        #expect(jid.localpart == identity.authcid)
    }

    @Test func sameSeedSameLocalpartOtherwiseDifferent() {
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1), c = SeededGenerator(seed: 2)
        let first = SASLAnonymousServer(random: &a).localpart
        #expect(first == SASLAnonymousServer(random: &b).localpart)
        #expect(first != SASLAnonymousServer(random: &c).localpart)
        #expect(first != SASLAnonymousServer(random: &a).localpart, "each exchange draws anew")
    }

    @Test(arguments: [nil, "", "sirhc", "juliet@example.com"] as [String?])
    func traceIsSentAndIgnored(_ trace: String?) {
        var client = SASLAnonymousClient(trace: trace)
        let message = client.initialResponse()
        #expect(message == Array((trace ?? "").utf8))
        var server = SASLAnonymousServer(localpart: "anon")
        #expect(server.start(initialResponse: message) == .success(SASLIdentity(authcid: "anon"), additionalData: nil))
        #expect(throws: Never.self) { try client.verifySuccess(additionalData: nil) }
    }

    @Test func traceIsCutTo255Characters() {
        var client = SASLAnonymousClient(trace: String(repeating: "é", count: 300))
        #expect(client.initialResponse().map { String(decoding: $0, as: UTF8.self).count } == 255)
    }

    @Test func waitsForTheTraceWithoutInitialResponse() {
        var server = SASLAnonymousServer(localpart: "anon")
        #expect(server.start(initialResponse: nil) == .challenge([]))
        #expect(server.respond([0xFF, 0xFE]) == .success(SASLIdentity(authcid: "anon"), additionalData: nil))
        #expect(server.respond([]) == .failure(SASLFailure(.malformedRequest, text: "exchange already finished")))
    }

    @Test func clientRefusesUnexpectedMessages() throws {
        var client = SASLAnonymousClient()
        #expect { try client.verifySuccess(additionalData: nil) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedSuccess }
        #expect { try client.respond(toChallenge: [1]) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedChallenge }
        #expect(try client.respond(toChallenge: []) == [])
        #expect { try client.verifySuccess(additionalData: [1]) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedAdditionalData }
    }
}
