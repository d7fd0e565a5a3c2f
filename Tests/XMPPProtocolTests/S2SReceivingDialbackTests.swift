import Testing
import XMPPCore
@testable import XMPPProtocol

/// The receiving side's `<db:result/>` rules on a live s2s stream (XEP-0220
/// §2.2.1, §2.4, §3.1): TLS first when the policy says so, one verification
/// per pair at a time, a verdict only for a verification it asked for.
@Suite struct S2SReceivingDialbackTests {
    private func opened(_ policy: S2SPolicy) -> S2SIncomingStream {
        var incoming = S2SIncomingStream(hostedDomains: ["bravo.test"], policy: policy, tlsAvailable: true,
                                         random: SeededGenerator(seed: 3), dialbackKey: S2SStreamPair.key(secret: "bravo"))
        _ = incoming.streamOpened(StreamHeader(to: "bravo.test", from: "alpha.test", version: "1.0", contentNamespace: XMLNamespace.server,
                                               namespaces: ["db": XMLNamespace.dialback]))
        return incoming
    }

    private let request = DialbackElement.result(from: "alpha.test", to: "bravo.test", .key(DialbackKey("k"))).element

    private func verifications(_ actions: [S2SIncomingAction]) -> Int {
        actions.count { if case .verifyDialback = $0 { true } else { false } }
    }

    @Test func dialbackBeforeRequiredTLSIsAPolicyViolationAndTheStreamStays() throws {
        var incoming = opened(S2SPolicy(tls: .required))
        let actions = incoming.received(request)
        guard case .send(let element)? = actions.first, actions.count == 1 else {
            Issue.record("unexpected \(actions)")
            return
        }
        let answer = try DialbackElement(parsing: element)
        guard case .error(let error) = answer.content else {
            Issue.record("not an error: \(answer)")
            return
        }
        #expect(error.condition == .policyViolation)
        #expect(!incoming.isClosed)
    }

    @Test func aRepeatedRequestWaitsForTheFirstVerification() {
        var incoming = opened(S2SPolicy(tls: .optional))
        #expect(verifications(incoming.received(request)) == 1)
        #expect(incoming.received(request).isEmpty)
        let verdict = incoming.dialbackVerified(originating: "alpha.test", receiving: "bravo.test", verdict: .valid)
        #expect(verdict.contains { if case .authorized = $0 { true } else { false } })
        // Asked again once verified: answered valid at once, no new verification.
        let again = incoming.received(request)
        #expect(verifications(again) == 0)
        guard case .send(let element)? = again.first else {
            Issue.record("no answer: \(again)")
            return
        }
        #expect(element[attribute: "type"] == "valid")
    }

    @Test func aVerdictNobodyAskedForAuthorizesNothing() {
        var incoming = opened(S2SPolicy(tls: .optional))
        #expect(incoming.dialbackVerified(originating: "mallory.test", receiving: "bravo.test", verdict: .valid).isEmpty)
        #expect(incoming.authorizedPairs.isEmpty)
    }
}

/// The verification connection (XEP-0220 §2.1.2) takes only the answer to
/// the request it sent: same 'from', 'to' and 'id' (§3.1).
@Suite struct S2SVerificationAnswerTests {
    @Test func anAnswerForAnotherStreamIsDroppedAndTheRightOneCounts() {
        var verifier = S2SOutgoingStream(
            localDomain: "bravo.test", remoteDomain: "alpha.test", policy: S2SPolicy(tls: .optional),
            purpose: .verify(streamID: "s-1", key: "k"), dialbackKey: { _, _, _ in "" })
        _ = verifier.start()
        _ = verifier.streamOpened(StreamHeader(from: "alpha.test", id: "v-1", version: "1.0", contentNamespace: XMLNamespace.server,
                                               namespaces: ["db": XMLNamespace.dialback]))
        let sent = verifier.received(StreamFeatures.element([]))
        #expect(sent.contains { if case .send(let element) = $0 { element.name == "verify" } else { false } })
        let stray = DialbackElement.verify(from: "alpha.test", to: "bravo.test", id: "s-other", .valid).element
        #expect(verifier.received(stray).isEmpty)
        let answer = DialbackElement.verify(from: "alpha.test", to: "bravo.test", id: "s-1", .invalid).element
        let actions = verifier.received(answer)
        guard case .dialbackVerdict(let verdict)? = actions.first else {
            Issue.record("no verdict: \(actions)")
            return
        }
        #expect(verdict == .invalid)
    }
}
