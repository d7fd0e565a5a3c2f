import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// Subscriptions, presence broadcast and unavailable-on-drop (RFC 6121 §3, §4) end to end.
@Suite struct PresenceTests {
    /// Alice subscribes to Bob, Bob approves and subscribes back: both end in "both".
    func mutualSubscription(_ alice: VirtualClient, _ bob: VirtualClient) async throws {
        let aliceJID = try JID("alice@alpha.test"), bobJID = try JID("bob@alpha.test")
        alice.subscribe(to: bobJID)
        let request = try await bob.waitFor { $0.isPresence && $0.type == "subscribe" }
        #expect(request.from == "alice@alpha.test", "subscription stanzas carry the bare JID")
        bob.approveSubscription(from: aliceJID)
        _ = try await alice.waitFor { $0.isPresence && $0.type == "subscribed" }
        bob.subscribe(to: aliceJID)
        _ = try await alice.waitFor { $0.isPresence && $0.type == "subscribe" }
        alice.approveSubscription(from: bobJID)
        _ = try await bob.waitFor { $0.isPresence && $0.type == "subscribed" }
    }

    @Test func subscriptionPushesRosterAndEndsInBoth() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            _ = try await alice.roster()
            _ = try await bob.roster()
            alice.sendPresence()
            bob.sendPresence()
            try await mutualSubscription(alice, bob)
            let aliceRoster = try await alice.roster()
            let bobRoster = try await bob.roster()
            #expect(aliceRoster.map(\.jid.description) == ["bob@alpha.test"])
            #expect(aliceRoster.first?.subscription == .both)
            #expect(bobRoster.first?.subscription == .both)
            // Roster pushes reached the interested resources.
            let pushes = alice.unconsumed().filter { $0.name == "iq" && $0.type == "set" }
            #expect(!pushes.isEmpty)
        }
    }

    @Test func presenceIsBroadcastAndUnavailableOnDrop() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            alice.sendPresence()
            bob.sendPresence()
            try await mutualSubscription(alice, bob)
            // Alice changes status: Bob sees it.
            alice.sendPresence(status: "in a meeting")
            let update = try await bob.waitFor {
                $0.isPresence && $0.from == "alice@alpha.test/a" && $0.child("status", namespace: XMLNamespace.client)?.text == "in a meeting"
            }
            #expect(update.type == nil)
            // Alice's connection just drops: Bob gets unavailable from her full JID.
            await alice.dropConnection()
            let gone = try await bob.waitFor { $0.isPresence && $0.type == "unavailable" }
            #expect(gone.from == "alice@alpha.test/a")
        }
    }

    @Test func initialPresenceProbesContacts() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            alice.sendPresence()
            bob.sendPresence()
            try await mutualSubscription(alice, bob)
            // A second resource of Alice comes online: it learns Bob's presence at once.
            let second = try await lab.connected("alice@alpha.test", at: address, resource: "second")
            second.sendPresence()
            let bobPresence = try await second.waitFor { $0.isPresence && $0.from == "bob@alpha.test/b" }
            #expect(bobPresence.type == nil)
            _ = try await second.waitFor { $0.isPresence && $0.from == "alice@alpha.test/a" }
        }
    }

    @Test func subscriptionRequestWaitsForTheContactToComeOnline() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.subscribe(to: try JID("carol@alpha.test"))
            try await alice.ping()
            let carol = try await lab.connected("carol@alpha.test", at: address)
            carol.sendPresence()
            let request = try await carol.waitFor { $0.isPresence && $0.type == "subscribe" }
            #expect(request.from == "alice@alpha.test")
        }
    }

    @Test func directedPresenceRecipientsLearnOfUnavailable() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let carol = try await lab.connected("carol@alpha.test", at: address, resource: "c")
            alice.sendPresence()
            alice.sendPresence(to: try JID("carol@alpha.test/c"))
            _ = try await carol.waitFor { $0.isPresence && $0.from == "alice@alpha.test/a" && $0.type == nil }
            alice.sendPresence(type: .unavailable)
            _ = try await carol.waitFor { $0.isPresence && $0.from == "alice@alpha.test/a" && $0.type == "unavailable" }
        }
    }

    @Test func rosterSetErrors() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            var query = XMLElement(name: "query", namespace: XMLNamespace.roster)
            query.append(XMLElement(name: "item", namespace: XMLNamespace.roster, attributes: [XMLAttribute(name: "jid", value: "x@alpha.test")]))
            query.append(XMLElement(name: "item", namespace: XMLNamespace.roster, attributes: [XMLAttribute(name: "jid", value: "y@alpha.test")]))
            await #expect(throws: ClientError.self) { _ = try await alice.request(.set, payload: query) }
            var removal = XMLElement(name: "query", namespace: XMLNamespace.roster)
            removal.append(XMLElement(name: "item", namespace: XMLNamespace.roster, attributes: [
                XMLAttribute(name: "jid", value: "nobody@alpha.test"), XMLAttribute(name: "subscription", value: "remove"),
            ]))
            await #expect(throws: ClientError.iqError(StanzaError(.itemNotFound, text: "nobody@alpha.test is not in the roster"))) {
                _ = try await alice.request(.set, payload: removal)
            }
        }
    }
}
