import Testing
import XMPPCore
@testable import XMPPProtocol

/// The c2s negotiation machines, driven against each other without sockets.
struct C2SStreamTests {
    private func scram(_ password: String = "secret") -> SASLScramClient {
        var random = SeededGenerator(seed: 3)
        return SASLScramClient(hash: .sha256, username: "alice", password: password, random: &random)
    }

    @Test func fullNegotiationWithTLSAndSCRAMBindsTheRequestedResource() {
        var pair = C2SStreamPair(clientMechanism: scram())
        pair.run()
        #expect(pair.client.boundJID?.description == "alice@alpha.test/desk")
        #expect(pair.server.boundJID?.description == "alice@alpha.test/desk")
        #expect(pair.server.isEncrypted && pair.client.isEncrypted)
        #expect(pair.serverSentNames == ["features", "proceed", "features", "challenge", "success", "features", "iq"])
    }

    @Test func eachStreamGetsAFreshID() {
        var pair = C2SStreamPair(clientMechanism: scram())
        pair.run()
        let ids = pair.serverLog.compactMap { if case .sendHeader(let header) = $0 { header.id } else { nil } }
        #expect(ids.count == 3)
        #expect(Set(ids).count == 3)
    }

    @Test func wrongPasswordFailsWithNotAuthorized() {
        var pair = C2SStreamPair(clientMechanism: scram("wrong"))
        pair.run()
        guard case .authentication(let failure)? = pair.clientFailure else {
            Issue.record("expected a SASL failure, got \(String(describing: pair.clientFailure))")
            return
        }
        #expect(failure.condition == .notAuthorized)
        #expect(pair.server.boundJID == nil)
    }

    @Test func requiredTLSOffersOnlySTARTTLSFirst() {
        let configuration = C2SServerConfiguration(
            domain: "alpha.test", tls: .required, sasl: SASLServerMechanisms(enabled: ["PLAIN"]), credentials: C2SStreamPair.store
        )
        var server = C2SServerStream(configuration: configuration, random: SeededGenerator(seed: 1))
        let actions = server.streamOpened(StreamHeader(to: "alpha.test"))
        guard case .send(let features) = actions.last else {
            Issue.record("no features")
            return
        }
        #expect(features.elements.map(\.name) == ["starttls"])
        #expect(features.child("starttls", namespace: XMLNamespace.tls)?.child("required", namespace: XMLNamespace.tls) != nil)
        // Trying to skip it: a stanza is a policy violation.
        let next = server.received(XMLElement(name: "message", namespace: XMLNamespace.client))
        guard case .close(let error) = next.last else {
            Issue.record("not closed")
            return
        }
        #expect(error?.condition == .policyViolation)
    }

    @Test func plainIsNotOfferedWithoutTLS() {
        var pair = C2SStreamPair(tls: .optional, clientTLS: .disabled, mechanisms: ["PLAIN"], clientMechanism: SASLPlainClient(username: "alice", password: "secret"))
        pair.run()
        #expect(pair.clientFailure == .mechanismNotOffered("PLAIN", offered: []))
    }

    @Test func plainTriedWithoutTLSIsEncryptionRequired() {
        let configuration = C2SServerConfiguration(
            domain: "alpha.test", tls: .optional, sasl: SASLServerMechanisms(enabled: ["PLAIN"]), credentials: C2SStreamPair.store
        )
        var server = C2SServerStream(configuration: configuration, random: SeededGenerator(seed: 1))
        _ = server.streamOpened(StreamHeader(to: "alpha.test"))
        let actions = server.received(SASLElement.auth(mechanism: "PLAIN", initialResponse: Array("\0alice\0secret".utf8)).element)
        guard case .send(let failure) = actions.first else {
            Issue.record("no failure sent")
            return
        }
        #expect(SASLFailure(element: failure)?.condition == .encryptionRequired)
        #expect(server.account == nil)
    }

    @Test func plainOverTLSSucceeds() {
        var pair = C2SStreamPair(clientMechanism: SASLPlainClient(username: "alice", password: "secret"))
        pair.run()
        #expect(pair.client.boundJID?.description == "alice@alpha.test/desk")
    }

    @Test func stanzaBeforeBindIsNotAuthorized() {
        let configuration = C2SServerConfiguration(
            domain: "alpha.test", tls: .disabled, sasl: SASLServerMechanisms(enabled: ["PLAIN"]), credentials: C2SStreamPair.store
        )
        var server = C2SServerStream(configuration: configuration, random: SeededGenerator(seed: 1))
        _ = server.streamOpened(StreamHeader(to: "alpha.test"))
        let actions = server.received(XMLElement(name: "message", namespace: XMLNamespace.client))
        guard case .close(let error) = actions.last else {
            Issue.record("not closed")
            return
        }
        #expect(error?.condition == .notAuthorized)
    }

    @Test func bindConflictIsReportedAndTheClientMayRetry() {
        var pair = C2SStreamPair(clientMechanism: scram())
        pair.bindDecision = { _, _ in .failure(StanzaError(.conflict)) }
        pair.run()
        #expect(pair.clientFailure == .bind(StanzaError(.conflict)))
        #expect(pair.server.boundJID == nil)
    }

    @Test func spoofedFromClosesWithInvalidFrom() {
        var pair = C2SStreamPair(clientMechanism: scram())
        pair.run()
        var server = pair.server
        let forged = XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [XMLAttribute(name: "from", value: "mallory@alpha.test/x")])
        guard case .close(let error) = server.received(forged).last else {
            Issue.record("not closed")
            return
        }
        #expect(error?.condition == .invalidFrom)
    }

    @Test func stanzasAreStampedWithTheFullJID() {
        var pair = C2SStreamPair(clientMechanism: scram())
        pair.run()
        var server = pair.server
        let actions = server.received(XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [XMLAttribute(name: "to", value: "bob@alpha.test")]))
        guard case .route(let stanza) = actions.first else {
            Issue.record("not routed")
            return
        }
        #expect(stanza[attribute: "from"] == "alice@alpha.test/desk")
    }

    @Test func negotiationTimeoutClosesWithConnectionTimeout() {
        let configuration = C2SServerConfiguration(
            domain: "alpha.test", tls: .required, sasl: SASLServerMechanisms(enabled: ["PLAIN"]), credentials: C2SStreamPair.store
        )
        var server = C2SServerStream(configuration: configuration, random: SeededGenerator(seed: 1))
        guard case .scheduleNegotiationTimeout(let duration) = server.start().first else {
            Issue.record("no timer")
            return
        }
        #expect(duration == .seconds(30))
        let actions = server.negotiationTimedOut()
        // No header went out yet: one is sent before the error (RFC 6120 §4.9.1.2).
        guard case .sendHeader = actions.first, case .close(let error) = actions.last else {
            Issue.record("unexpected \(actions)")
            return
        }
        #expect(error?.condition == .connectionTimeout)
    }

    @Test func tooManyFailuresArePolicyViolation() {
        let configuration = C2SServerConfiguration(
            domain: "alpha.test", tls: .disabled, sasl: SASLServerMechanisms(enabled: ["SCRAM-SHA-1"]),
            credentials: C2SStreamPair.store, maxAuthenticationAttempts: 2
        )
        var server = C2SServerStream(configuration: configuration, random: SeededGenerator(seed: 1))
        _ = server.streamOpened(StreamHeader(to: "alpha.test"))
        let bogus = SASLElement.auth(mechanism: "X-UNKNOWN", initialResponse: nil).element
        let first = server.received(bogus)
        #expect(first.count == 1)
        let second = server.received(bogus)
        guard case .close(let error) = second.last else {
            Issue.record("not closed after the last attempt")
            return
        }
        #expect(error?.condition == .policyViolation)
    }
}
