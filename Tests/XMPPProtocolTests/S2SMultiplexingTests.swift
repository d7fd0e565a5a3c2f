import Testing
import XMPPCore
@testable import XMPPProtocol

/// Further domain pairs over one established outgoing stream (XEP-0220
/// §2.6): the initiating side asks with `<db:result/>`, holds the pair's
/// stanzas until the answer, and the receiving side checks every stanza
/// against the pairs it authorized.
@Suite struct S2SMultiplexingTests {
    private func message(from: String, to: String, id: String) -> XMLElement {
        XMLElement(name: "message", namespace: XMLNamespace.server, attributes: [
            XMLAttribute(name: "from", value: from), XMLAttribute(name: "to", value: to), XMLAttribute(name: "id", value: id),
        ])
    }

    private func events(_ actions: [S2SOutgoingAction]) -> [S2SMultiplexingEvent] {
        actions.compactMap { if case .multiplexing(let event) = $0 { event } else { nil } }
    }

    private func dialbackPair(receivingHosts: Set<String> = ["bravo.test"]) -> S2SStreamPair {
        let policy = S2SPolicy(tls: .optional, external: false, dialback: true)
        var pair = S2SStreamPair(outgoingPolicy: policy, incomingPolicy: policy, receivingHosts: receivingHosts)
        pair.run()
        return pair
    }

    @Test func anotherSenderDomainIsAuthorizedThenItsStanzaGoes() throws {
        var pair = dialbackPair()
        #expect(pair.establishedMethod == .dialback)
        let extra = DomainPair(from: "alpha2.test", to: "bravo.test")
        #expect(pair.outgoing.carries(extra))
        let stanza = message(from: "carol@alpha2.test/c", to: "bob@bravo.test", id: "m-1")
        let actions = pair.sendMultiplexed(stanza)
        // The key went out for the new pair, with the stream's id.
        let request = try #require(pair.sentByOutgoing.last { $0.name == "result" })
        #expect(request[attribute: "from"] == "alpha2.test" && request[attribute: "to"] == "bravo.test")
        #expect(request.text == S2SStreamPair.key(secret: "alpha-secret")("bravo.test", "alpha2.test", pair.outgoing.streamID ?? ""))
        let seen = events(actions)
        guard seen.count == 2, case .authorized(let authorized) = seen[0], case .send(let released) = seen[1] else {
            Issue.record("expected authorized then send, got \(seen)")
            return
        }
        #expect(authorized == extra)
        #expect(released[attribute: "id"] == "m-1")
        #expect(pair.incoming.authorizedPairs.contains(extra))
        // The receiving side routes it now; a stanza of a pair never asked for still closes the stream.
        guard case .route = pair.deliver(released).first else {
            Issue.record("the multiplexed stanza was not routed")
            return
        }
        let forged = pair.deliver(message(from: "eve@alpha3.test", to: "bob@bravo.test", id: "m-2"))
        #expect(forged.contains { if case .close(let error?) = $0 { error.condition == .invalidFrom } else { false } })
    }

    @Test func aStanzaOfAnAuthorizedPairGoesAtOnce() {
        var pair = dialbackPair()
        _ = pair.sendMultiplexed(message(from: "carol@alpha2.test", to: "bob@bravo.test", id: "m-1"))
        let sentBefore = pair.sentByOutgoing.count
        let seen = events(pair.sendMultiplexed(message(from: "dave@alpha2.test", to: "bob@bravo.test", id: "m-2")))
        guard seen.count == 1, case .send(let stanza) = seen[0] else {
            Issue.record("expected one send, got \(seen)")
            return
        }
        #expect(stanza[attribute: "id"] == "m-2")
        // No second key for the same pair.
        #expect(pair.sentByOutgoing.count == sentBefore)
    }

    @Test func anotherTargetOnTheSameServerIsMultiplexedWhenErrorsAreAdvertised() {
        var pair = dialbackPair(receivingHosts: ["bravo.test", "bravo2.test"])
        let extra = DomainPair(from: "alpha.test", to: "bravo2.test")
        // The receiving server advertised dialback errors (XEP-0220 §2.4.2), so §2.6.2 allows it.
        #expect(pair.outgoing.carries(extra))
        let seen = events(pair.sendMultiplexed(message(from: "alice@alpha.test", to: "dave@bravo2.test", id: "t-1")))
        guard case .authorized(let authorized)? = seen.first else {
            Issue.record("expected the target pair authorized, got \(seen)")
            return
        }
        #expect(authorized == extra)
    }

    @Test func aTargetTheReceivingServerDoesNotHostBouncesAndTheStreamStays() {
        var pair = dialbackPair()
        let seen = events(pair.sendMultiplexed(message(from: "alice@alpha.test", to: "zed@charlie.test", id: "t-2")))
        guard seen.count == 2, case .refused(let refused, let error) = seen[0], case .bounce(let stanzas, let bounce) = seen[1] else {
            Issue.record("expected refused then bounce, got \(seen)")
            return
        }
        #expect(refused == DomainPair(from: "alpha.test", to: "charlie.test"))
        #expect(error.condition == .itemNotFound)
        // XEP-0220 §2.1.1: what waited goes back with remote-server-timeout.
        #expect(bounce.condition == .remoteServerTimeout)
        #expect(stanzas.map { $0[attribute: "id"] } == ["t-2"])
        #expect(pair.outgoing.isEstablished)
        #expect(!pair.incoming.isClosed)
    }

    @Test func aForgedKeyForAnotherSenderIsRefusedAndNothingMoreMultiplexes() {
        var pair = dialbackPair()
        // The authoritative server of alpha2.test knows another secret: the key does not verify.
        pair.authoritativeKey = S2SStreamPair.key(secret: "someone-else")
        let seen = events(pair.sendMultiplexed(message(from: "mallory@alpha2.test", to: "bob@bravo.test", id: "f-1")))
        guard seen.count == 2, case .refused(_, let error) = seen[0], case .bounce = seen[1] else {
            Issue.record("expected refused then bounce, got \(seen)")
            return
        }
        #expect(error.condition == .forbidden)
        #expect(!pair.incoming.authorizedPairs.contains(DomainPair(from: "alpha2.test", to: "bravo.test")))
        // The stream's own pair still works; no further pair is asked for on it.
        #expect(pair.outgoing.carries(DomainPair(from: "alpha.test", to: "bravo.test")))
        #expect(!pair.outgoing.carries(DomainPair(from: "alpha3.test", to: "bravo.test")))
    }

    @Test func withoutDialbackErrorsNoOtherTargetIsTried() {
        var pair = dialbackPair(receivingHosts: ["bravo.test", "bravo2.test"])
        pair.outgoing.multiplexing?.receivingServerSupportsErrors = false
        #expect(!pair.outgoing.carries(DomainPair(from: "alpha.test", to: "bravo2.test")))
        // Another sender to the same target is still fine (§2.6.1).
        #expect(pair.outgoing.carries(DomainPair(from: "alpha2.test", to: "bravo.test")))
    }

    @Test func aStreamThatEndsBouncesWhatWaited() {
        var pair = dialbackPair()
        // The key goes out; the answer never comes before the connection drops.
        pair.outgoingDidOnly(pair.outgoing.sendMultiplexed(message(from: "carol@alpha2.test", to: "bob@bravo.test", id: "w-1")))
        let seen = events(pair.outgoing.endMultiplexing())
        guard seen.count == 2, case .refused(_, let error) = seen[0], case .bounce(let stanzas, _) = seen[1] else {
            Issue.record("expected refused then bounce, got \(seen)")
            return
        }
        #expect(error.condition == .remoteServerTimeout)
        #expect(stanzas.map { $0[attribute: "id"] } == ["w-1"])
    }

    @Test func externalStreamsMultiplexByDialbackToo() {
        var pair = S2SStreamPair()
        pair.run()
        #expect(pair.establishedMethod == .external)
        let seen = events(pair.sendMultiplexed(message(from: "carol@alpha2.test", to: "bob@bravo.test", id: "x-1")))
        guard case .authorized? = seen.first else {
            Issue.record("expected the pair authorized by dialback, got \(seen)")
            return
        }
    }
}
