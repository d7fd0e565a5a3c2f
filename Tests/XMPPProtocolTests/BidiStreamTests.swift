import Testing
import XMPPCore
@testable import XMPPProtocol

/// XEP-0288 between the s2s machines, no sockets: who offers, who asks, and
/// what may cross a bidirectional stream in each direction.
struct BidiStreamTests {
    private let bidi = S2SPolicy(bidi: true)
    private let bidiDialback = S2SPolicy(external: false, dialback: true, bidi: true)

    private func stanza(from: String, to: String) -> XMLElement {
        XMLElement(name: "message", namespace: XMLNamespace.server, attributes: [
            XMLAttribute(name: "from", value: from), XMLAttribute(name: "to", value: to),
        ])
    }

    private func isRoute(_ actions: [S2SOutgoingAction]) -> Bool {
        if case .route? = actions.first { return true }
        return false
    }

    private func closeCondition(_ actions: [S2SOutgoingAction]) -> StreamErrorCondition? {
        if case .close(let error)? = actions.last { return error?.condition }
        return nil
    }

    /// Index of the first element the initiating side sent that matches.
    private func position(in sent: [XMLElement], _ match: (XMLElement) -> Bool) -> Int? {
        sent.firstIndex(where: match)
    }

    @Test func bothSidesWithExternalUseOneStreamBothWays() throws {
        var pair = S2SStreamPair(outgoingPolicy: bidi, incomingPolicy: bidi)
        pair.run()
        #expect(pair.establishedMethod == .external)
        #expect(pair.outgoing.isBidirectional && pair.incoming.isBidirectional)
        // Offered after TLS, requested before <auth/>.
        let sent = pair.sentByOutgoing
        let request = try #require(position(in: sent, BidiRequest.matches))
        let auth = try #require(position(in: sent) { $0.name == "auth" && $0.namespace == XMLNamespace.sasl })
        #expect(request < auth)
        #expect(pair.incoming.sendablePairs == [DomainPair(from: "bravo.test", to: "alpha.test")])
        // alpha -> bravo as always, bravo -> alpha back over the same stream.
        guard case .route? = pair.deliver(stanza(from: "alice@alpha.test/a", to: "bob@bravo.test")).first else {
            Issue.record("alpha -> bravo not routed")
            return
        }
        #expect(isRoute(try pair.sendBack(stanza(from: "bob@bravo.test/b", to: "alice@alpha.test"))))
        #expect(isRoute(try pair.sendBack(stanza(from: "bravo.test", to: "alpha.test"))))
    }

    @Test func bothSidesWithDialbackUseOneStreamBothWays() throws {
        var pair = S2SStreamPair(outgoingPolicy: bidiDialback, incomingPolicy: bidiDialback)
        pair.run()
        #expect(pair.establishedMethod == .dialback)
        #expect(pair.outgoing.isBidirectional && pair.incoming.isBidirectional)
        let sent = pair.sentByOutgoing
        let request = try #require(position(in: sent, BidiRequest.matches))
        let result = try #require(position(in: sent) { $0.name == "result" && $0.namespace == XMLNamespace.dialback })
        #expect(request < result)
        // The way back opens only once alpha.test was verified: the inverse of the verified pair.
        let authorized = pair.incomingLog.firstIndex { if case .authorized = $0 { true } else { false } }
        let sending = pair.incomingLog.firstIndex { if case .sendingAuthorized = $0 { true } else { false } }
        #expect(authorized != nil && sending != nil && authorized! < sending!)
        #expect(pair.incoming.sendablePairs == [DomainPair(from: "bravo.test", to: "alpha.test")])
        #expect(isRoute(try pair.sendBack(stanza(from: "bob@bravo.test/b", to: "alice@alpha.test/a"))))
    }

    @Test func bidiWithExternalFallingBackToDialback() throws {
        var pair = S2SStreamPair(outgoingPolicy: bidi, incomingPolicy: bidi, originatingCertificate: ["mallory.test"])
        pair.run()
        #expect(pair.establishedMethod == .dialback)
        #expect(pair.sentByOutgoing.filter(BidiRequest.matches).count == 1, "asked once, before EXTERNAL")
        #expect(isRoute(try pair.sendBack(stanza(from: "bob@bravo.test", to: "alice@alpha.test"))))
    }

    @Test func onlyTheInitiatorWantingBidiGivesAOneWayStream() {
        var pair = S2SStreamPair(outgoingPolicy: bidi, incomingPolicy: S2SPolicy())
        pair.run()
        #expect(pair.establishedMethod == .external)
        #expect(!pair.sentByIncoming.contains { $0.name == "features" && BidiFeature.isOffered(in: $0) })
        #expect(!pair.sentByOutgoing.contains(where: BidiRequest.matches))
        #expect(!pair.outgoing.isBidirectional && !pair.incoming.isBidirectional)
        #expect(throws: BidiSendRefusal.notBidirectional) { try pair.sendBack(stanza(from: "bob@bravo.test", to: "alice@alpha.test")) }
        // Bravo reaches alpha over a connection of its own; a stanza here is refused as before.
        let actions = pair.outgoing.received(stanza(from: "bob@bravo.test", to: "alice@alpha.test"))
        #expect(closeCondition(actions) == .unsupportedStanzaType)
    }

    @Test func onlyTheReceiverOfferingBidiGivesAOneWayStream() {
        var pair = S2SStreamPair(outgoingPolicy: S2SPolicy(), incomingPolicy: bidi)
        pair.run()
        #expect(pair.establishedMethod == .external)
        #expect(pair.sentByIncoming.contains { $0.name == "features" && BidiFeature.isOffered(in: $0) })
        #expect(!pair.sentByOutgoing.contains(where: BidiRequest.matches))
        #expect(!pair.outgoing.isBidirectional && !pair.incoming.isBidirectional)
        #expect(throws: BidiSendRefusal.notBidirectional) { try pair.sendBack(stanza(from: "bob@bravo.test", to: "alice@alpha.test")) }
    }

    @Test func theReceiverSendsOnlyForPairsItIsAuthenticatedFor() {
        var pair = S2SStreamPair(outgoingPolicy: bidi, incomingPolicy: bidi)
        pair.run()
        let forged = DomainPair(from: "evil.test", to: "alpha.test")
        #expect(throws: BidiSendRefusal.notAuthorized(forged)) { try pair.sendBack(stanza(from: "eve@evil.test", to: "alice@alpha.test")) }
        #expect(throws: BidiSendRefusal.notAuthorized(DomainPair(from: "bravo.test", to: "charlie.test"))) {
            try pair.sendBack(stanza(from: "bob@bravo.test", to: "carol@charlie.test"))
        }
        #expect(throws: BidiSendRefusal.improperAddressing) {
            try pair.sendBack(XMLElement(name: "message", namespace: XMLNamespace.server, attributes: [XMLAttribute(name: "to", value: "alice@alpha.test")]))
        }
    }

    @Test func theInitiatorRefusesAForgedSenderWithInvalidFrom() {
        var pair = S2SStreamPair(outgoingPolicy: bidi, incomingPolicy: bidi)
        pair.run()
        // A receiving server that breaks the rules: the stanza reaches the initiator anyway.
        let actions = pair.outgoing.received(stanza(from: "eve@evil.test", to: "alice@alpha.test"))
        #expect(closeCondition(actions) == .invalidFrom)
        #expect(!isRoute(actions))
    }

    @Test func theInitiatorRefusesStanzasForAnotherDomainWithHostUnknown() {
        var pair = S2SStreamPair(outgoingPolicy: bidi, incomingPolicy: bidi)
        pair.run()
        let actions = pair.outgoing.received(stanza(from: "bob@bravo.test", to: "carol@charlie.test"))
        #expect(closeCondition(actions) == .hostUnknown)
    }

    @Test func nothingGoesBackBeforeAuthenticationNorDuringTheRestart() throws {
        var incoming = S2SIncomingStream(hostedDomains: ["bravo.test"], policy: bidi, tlsAvailable: true,
                                         random: SeededGenerator(seed: 3), dialbackKey: S2SStreamPair.key(secret: "b"))
        let header = StreamHeader(to: "bravo.test", from: "alpha.test", version: "1.0", contentNamespace: XMLNamespace.server)
        let back = stanza(from: "bravo.test", to: "alpha.test")
        _ = incoming.streamOpened(header)
        _ = incoming.received(XMLElement(name: "starttls", namespace: XMLNamespace.tls))
        _ = incoming.tlsEstablished(peerCertificateIdentities: ["alpha.test"])
        let features = incoming.streamOpened(header)
        guard case .send(let offered)? = features.last else { Issue.record("no features: \(features)"); return }
        #expect(BidiFeature.isOffered(in: offered))
        #expect(incoming.received(BidiRequest.element).isEmpty, "no answer to <bidi/>")
        #expect(incoming.isBidirectional)
        #expect(throws: BidiSendRefusal.notAuthorized(DomainPair(from: "bravo.test", to: "alpha.test"))) { try incoming.send(back) }
        let success = incoming.received(SASLElement.auth(mechanism: "EXTERNAL", initialResponse: []).element)
        #expect(success.contains { if case .authorized = $0 { true } else { false } })
        #expect(!success.contains { if case .sendingAuthorized = $0 { true } else { false } }, "not before the restart")
        #expect(throws: BidiSendRefusal.notAuthorized(DomainPair(from: "bravo.test", to: "alpha.test"))) { try incoming.send(back) }
        let reopened = incoming.streamOpened(header)
        guard case .sendingAuthorized(let local, let remote)? = reopened.last else { Issue.record("not announced: \(reopened)"); return }
        #expect(local == "bravo.test" && remote == "alpha.test")
        guard case .send? = try incoming.send(back).first else { Issue.record("not sent"); return }
    }

    @Test func aRequestBeforeTLSLapsesWithTheRestart() {
        var incoming = S2SIncomingStream(hostedDomains: ["bravo.test"], policy: bidi, tlsAvailable: true,
                                         random: SeededGenerator(seed: 4), dialbackKey: S2SStreamPair.key(secret: "b"))
        let header = StreamHeader(to: "bravo.test", from: "alpha.test", version: "1.0", contentNamespace: XMLNamespace.server)
        _ = incoming.streamOpened(header)
        _ = incoming.received(BidiRequest.element)
        #expect(incoming.isBidirectional)
        _ = incoming.received(XMLElement(name: "starttls", namespace: XMLNamespace.tls))
        _ = incoming.tlsEstablished(peerCertificateIdentities: ["alpha.test"])
        #expect(!incoming.isBidirectional)
    }

    @Test func aRequestNotOfferedIsIgnored() {
        var incoming = S2SIncomingStream(hostedDomains: ["bravo.test"], policy: S2SPolicy(tls: .optional), tlsAvailable: false,
                                         random: SeededGenerator(seed: 5), dialbackKey: S2SStreamPair.key(secret: "b"))
        _ = incoming.streamOpened(StreamHeader(to: "bravo.test", from: "alpha.test", version: "1.0", contentNamespace: XMLNamespace.server))
        #expect(incoming.received(BidiRequest.element).isEmpty)
        #expect(!incoming.isBidirectional)
    }

    @Test func aVerificationStreamNeverAsksForBidi() {
        var verifier = S2SOutgoingStream(localDomain: "bravo.test", remoteDomain: "alpha.test", policy: S2SPolicy(tls: .optional, bidi: true),
                                         purpose: .verify(streamID: "s-1", key: "k"), dialbackKey: { _, _, _ in "" })
        _ = verifier.start()
        _ = verifier.streamOpened(StreamHeader(from: "alpha.test", id: "v-1", version: "1.0", contentNamespace: XMLNamespace.server,
                                               namespaces: ["db": XMLNamespace.dialback]))
        let actions = verifier.received(StreamFeatures.element([BidiFeature.element]))
        let sent = actions.compactMap { if case .send(let element) = $0 { element } else { nil } }
        #expect(sent.map(\.name) == ["verify"])
    }
}

/// The receiving server asking, over a bidirectional stream, to send from
/// another of its domains (XEP-0288 §2.2: dialback the other way round).
struct BidiReverseDialbackTests {
    private let policy = S2SPolicy(external: false, dialback: true, bidi: true)

    private func request(from: String, to: String, key: String) -> XMLElement {
        DialbackElement.result(from: from, to: to, .key(DialbackKey(key))).element
    }

    private func message(from: String) -> XMLElement {
        XMLElement(name: "message", namespace: XMLNamespace.server, attributes: [
            XMLAttribute(name: "from", value: from), XMLAttribute(name: "to", value: "alice@alpha.test"),
        ])
    }

    @Test func anotherDomainIsVerifiedAndThenAccepted() throws {
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy)
        pair.run()
        let streamID = try #require(pair.outgoing.streamID)
        let actions = pair.outgoing.received(request(from: "conference.bravo.test", to: "alpha.test", key: "k-1"))
        guard case .verifyDialback(let originating, let receiving, let id, let key)? = actions.first else {
            Issue.record("not verified: \(actions)")
            return
        }
        #expect(originating == "conference.bravo.test" && receiving == "alpha.test" && id == streamID && key == "k-1")
        let answer = pair.outgoing.dialbackVerified(originating: originating, receiving: receiving, verdict: .valid)
        guard case .send(let element)? = answer.first else { Issue.record("no answer"); return }
        #expect(element[attribute: "type"] == "valid" && element[attribute: "from"] == "alpha.test" && element[attribute: "to"] == "conference.bravo.test")
        guard case .route? = pair.outgoing.received(message(from: "room@conference.bravo.test/nick")).first else {
            Issue.record("the verified domain is refused")
            return
        }
    }

    @Test func aRefusedKeyAuthorizesNothing() {
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy)
        pair.run()
        _ = pair.outgoing.received(request(from: "conference.bravo.test", to: "alpha.test", key: "forged"))
        let answer = pair.outgoing.dialbackVerified(originating: "conference.bravo.test", receiving: "alpha.test", verdict: .invalid)
        guard case .send(let element)? = answer.first else { Issue.record("no answer"); return }
        #expect(element[attribute: "type"] == "invalid")
        guard case .close(let error)? = pair.outgoing.received(message(from: "room@conference.bravo.test")).last else {
            Issue.record("not closed")
            return
        }
        #expect(error?.condition == .invalidFrom)
    }

    @Test func aRequestForADomainNotOursIsAnErrorAndTheStreamStays() {
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy)
        pair.run()
        let actions = pair.outgoing.received(request(from: "bravo.test", to: "zulu.test", key: "k"))
        guard case .send(let element)? = actions.first, actions.count == 1 else { Issue.record("unexpected \(actions)"); return }
        #expect(element[attribute: "type"] == "error")
        #expect(pair.outgoing.isEstablished)
    }

    @Test func anUnsolicitedValidAnswerClosesTheStream() {
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy)
        pair.run()
        let unsolicited = DialbackElement.result(from: "conference.bravo.test", to: "alpha.test", .valid).element
        let actions = pair.outgoing.received(unsolicited)
        guard case .close(let error)? = actions.last else { Issue.record("not closed: \(actions)"); return }
        #expect(error?.condition == .unsupportedStanzaType)
    }

    @Test func aVerifyForOurOwnStreamIsAnsweredAsAuthority() {
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy)
        pair.run()
        // The key alpha.test would present on a stream "s-9" to bravo.test (the pair's originating secret).
        let key = S2SStreamPair.key(secret: "alpha-secret")("bravo.test", "alpha.test", "s-9")
        for (sent, expected) in [(key, "valid"), ("forged", "invalid")] {
            let verify = DialbackElement.verify(from: "bravo.test", to: "alpha.test", id: "s-9", .key(DialbackKey(sent))).element
            guard case .send(let answer)? = pair.outgoing.received(verify).first else { Issue.record("no answer"); return }
            #expect(answer.name == "verify" && answer[attribute: "type"] == expected)
        }
    }
}
