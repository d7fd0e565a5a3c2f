import Testing
import XMPPCore
@testable import XMPPProtocol

/// The s2s machines driven against each other without sockets.
struct S2SStreamTests {
    private func stanza(from: String, to: String) -> XMLElement {
        XMLElement(name: "message", namespace: XMLNamespace.server, attributes: [
            XMLAttribute(name: "from", value: from), XMLAttribute(name: "to", value: to),
        ])
    }

    @Test func tlsAndSASLExternalIsPreferred() {
        var pair = S2SStreamPair()
        pair.run()
        #expect(pair.establishedMethod == .external)
        #expect(pair.incoming.authorizedPairs == [DomainPair(from: "alpha.test", to: "bravo.test")])
        let actions = pair.deliver(stanza(from: "alice@alpha.test/a", to: "bob@bravo.test"))
        guard case .route = actions.first else {
            Issue.record("not routed: \(actions)")
            return
        }
    }

    @Test func certificateForAnotherDomainFallsBackToDialback() {
        var pair = S2SStreamPair(originatingCertificate: ["mallory.test"])
        pair.run()
        #expect(pair.establishedMethod == .dialback)
        #expect(pair.incoming.authorizedPairs.contains(DomainPair(from: "alpha.test", to: "bravo.test")))
    }

    @Test func dialbackOnlyPolicy() {
        let policy = S2SPolicy(tls: .required, external: false, dialback: true)
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy)
        pair.run()
        #expect(pair.establishedMethod == .dialback)
    }

    @Test func forgedDialbackKeyIsRejected() {
        let policy = S2SPolicy(tls: .required, external: false, dialback: true)
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy, forgedSecret: "guessed")
        pair.run()
        #expect(pair.establishedMethod == nil)
        #expect(pair.outgoingFailure == .dialbackRejected(nil))
        #expect(pair.incoming.authorizedPairs.isEmpty)
    }

    @Test func externalOnlyWithABadCertificateFails() {
        let policy = S2SPolicy(tls: .required, external: true, dialback: false)
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy, originatingCertificate: ["mallory.test"])
        pair.run()
        #expect(pair.establishedMethod == nil)
        guard case .authentication(let failure)? = pair.outgoingFailure else {
            Issue.record("expected a SASL failure, got \(String(describing: pair.outgoingFailure))")
            return
        }
        #expect(failure.condition == .notAuthorized)
    }

    @Test func requiredTLSAgainstAPeerWithoutIt() {
        var pair = S2SStreamPair(incomingPolicy: S2SPolicy(tls: .disabled))
        pair.run()
        #expect(pair.outgoingFailure == .tlsUnavailable)
    }

    @Test func stanzaFromAnUnauthenticatedDomainIsInvalidFrom() {
        var pair = S2SStreamPair()
        pair.run()
        let actions = pair.deliver(stanza(from: "eve@evil.test", to: "bob@bravo.test"))
        guard case .close(let error) = actions.last else {
            Issue.record("not closed: \(actions)")
            return
        }
        #expect(error?.condition == .invalidFrom)
    }

    @Test func stanzaForADomainNotHostedIsHostUnknown() {
        var pair = S2SStreamPair()
        pair.run()
        let actions = pair.deliver(stanza(from: "alice@alpha.test", to: "carol@charlie.test"))
        guard case .close(let error) = actions.last else {
            Issue.record("not closed: \(actions)")
            return
        }
        #expect(error?.condition == .hostUnknown)
    }

    @Test func headerToAnUnhostedDomainIsHostUnknown() {
        var incoming = S2SIncomingStream(hostedDomains: ["bravo.test"], policy: S2SPolicy(), tlsAvailable: true,
                                         random: SeededGenerator(seed: 1), dialbackKey: S2SStreamPair.key(secret: "s"))
        let actions = incoming.streamOpened(StreamHeader(to: "charlie.test", from: "alpha.test", contentNamespace: XMLNamespace.server))
        guard case .sendHeader = actions.first, case .close(let error) = actions.last else {
            Issue.record("unexpected \(actions)")
            return
        }
        #expect(error?.condition == .hostUnknown)
    }

    @Test func authoritativeRoleAnswersVerify() {
        var authority = S2SIncomingStream(hostedDomains: ["alpha.test"], policy: S2SPolicy(tls: .optional), tlsAvailable: false,
                                          random: SeededGenerator(seed: 1), dialbackKey: S2SStreamPair.key(secret: "alpha-secret"))
        _ = authority.streamOpened(StreamHeader(to: "alpha.test", from: "bravo.test", contentNamespace: XMLNamespace.server,
                                                namespaces: ["db": XMLNamespace.dialback]))
        func verify(_ key: String, to: String = "alpha.test") -> String? {
            let request = XMLElement(name: "verify", namespace: XMLNamespace.dialback, attributes: [
                XMLAttribute(name: "from", value: "bravo.test"), XMLAttribute(name: "to", value: to),
                XMLAttribute(name: "id", value: "stream-1"),
            ], children: [.text(key)])
            guard case .send(let answer) = authority.received(request).first else { return nil }
            return answer[attribute: "type"]
        }
        #expect(verify(S2SStreamPair.key(secret: "alpha-secret")("bravo.test", "alpha.test", "stream-1")) == "valid")
        #expect(verify("forged") == "invalid")
        #expect(verify("x", to: "zulu.test") == "error")
    }
}

/// A verification connection (XEP-0220 §2.1.2) from the receiving server to the authoritative one.
struct S2SVerificationStreamTests {
    @Test func asksAndReportsTheVerdict() {
        let key = S2SStreamPair.key(secret: "alpha-secret")("bravo.test", "alpha.test", "s-1")
        for (sent, expected) in [(key, DialbackVerdict.valid), ("forged", .invalid)] {
            var verifier = S2SOutgoingStream(
                localDomain: "bravo.test", remoteDomain: "alpha.test", policy: S2SPolicy(tls: .optional),
                purpose: .verify(streamID: "s-1", key: sent), dialbackKey: { _, _, _ in "" }
            )
            var authority = S2SIncomingStream(hostedDomains: ["alpha.test"], policy: S2SPolicy(tls: .optional), tlsAvailable: false,
                                              random: SeededGenerator(seed: 2), dialbackKey: S2SStreamPair.key(secret: "alpha-secret"))
            guard case .sendHeader(let header) = verifier.start().first else { Issue.record("no header"); return }
            var toVerifier = authority.streamOpened(header)
            var verdict: DialbackVerdict?
            for _ in 0..<10 {
                var toAuthority: [XMLElement] = []
                for action in toVerifier {
                    let produced: [S2SOutgoingAction]
                    switch action {
                    case .sendHeader(let header): produced = verifier.streamOpened(header)
                    case .send(let element): produced = verifier.received(element)
                    default: produced = []
                    }
                    for output in produced {
                        if case .send(let element) = output { toAuthority.append(element) }
                        if case .dialbackVerdict(let value) = output { verdict = value }
                    }
                }
                toVerifier = toAuthority.flatMap { authority.received($0) }
                if toVerifier.isEmpty { break }
            }
            #expect(verdict == expected)
        }
    }
}
