import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// RFC 6121 §8.5 on the wire: each message type to a bare JID with no
/// available resource, and IQs between clients (the protocol-level rules are
/// tested exhaustively in XMPPProtocolTests).
@Suite struct DeliveryRulesEndToEndTests {
    private func errorCondition(_ stanza: XMLElement) -> String? {
        stanza.child("error", namespace: XMLNamespace.client)?.elements.first { $0.namespace == XMLNamespace.stanzaErrors && $0.name != "text" }?.name
    }

    @Test func groupchatToABareJIDIsServiceUnavailable() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            let bob = try await lab.connected("bob@alpha.test", at: address)
            bob.sendPresence()
            _ = try await bob.waitFor { $0.isPresence }
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "room?", type: .groupchat, id: "gc-1")
            let error = try await alice.waitFor { $0.isMessage && $0.type == "error" }
            #expect(error[attribute: "id"] == "gc-1")
            #expect(errorCondition(error) == "service-unavailable")
            try await bob.ping()
            #expect(bob.unconsumed().filter(\.isMessage).isEmpty)
        }
    }

    @Test func connectedButNotAvailableResourcesGetNoBareJIDMessages() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            // Bob is connected but never sent initial presence: the message is stored.
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "quiet")
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "stored for later", type: .chat)
            try await alice.ping()
            try await bob.ping()
            #expect(bob.unconsumed().filter(\.isMessage).isEmpty)
            bob.sendPresence()
            let message = try await bob.waitFor { $0.isMessage }
            #expect(message.body == "stored for later")
            #expect(message.child("delay", namespace: XMLNamespace.delay) != nil)
        }
    }

    @Test func negativePriorityGetsNoStoredMessagesUntilItIsNonNegative() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "wait", type: .normal)
            try await alice.ping()
            let bob = try await lab.connected("bob@alpha.test", at: address)
            bob.sendPresence(priority: -5)
            _ = try await bob.waitFor { $0.isPresence }
            try await bob.ping()
            #expect(bob.unconsumed().filter(\.isMessage).isEmpty)
        }
    }

    @Test func iqBetweenClientsIsDeliveredAndAnsweredByTheClient() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            async let reply = alice.request(.get, to: try JID("bob@alpha.test/b"), payload: XMLElement(name: "query", namespace: "jabber:iq:version"))
            let request = try await bob.waitFor { $0.name == "iq" && $0.type == "get" }
            #expect(request.from == "alice@alpha.test/a")
            var result = XMLElement(name: "iq", namespace: XMLNamespace.client, attributes: [
                XMLAttribute(name: "type", value: "result"), XMLAttribute(name: "to", value: request.from!),
                XMLAttribute(name: "id", value: request[attribute: "id"]!),
            ])
            result.append(XMLElement(name: "query", namespace: "jabber:iq:version"))
            bob.send(result)
            let answer = try await reply
            #expect(answer.from == "bob@alpha.test/b")
            // A full JID nobody holds: service-unavailable (RFC 6121 §8.5.3.2.3).
            await #expect(throws: ClientError.iqError(StanzaError(.serviceUnavailable))) {
                _ = try await alice.request(.get, to: try JID("bob@alpha.test/gone"), payload: XMLElement(name: "ping", namespace: XMLNamespace.ping))
            }
        }
    }

    @Test func removingAContactCancelsBothSubscriptions() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            alice.sendPresence()
            bob.sendPresence()
            try await PresenceTests().mutualSubscription(alice, bob)
            var removal = XMLElement(name: "query", namespace: XMLNamespace.roster)
            removal.append(XMLElement(name: "item", namespace: XMLNamespace.roster, attributes: [
                XMLAttribute(name: "jid", value: "bob@alpha.test"), XMLAttribute(name: "subscription", value: "remove"),
            ]))
            _ = try await alice.request(.set, payload: removal)
            _ = try await bob.waitFor { $0.isPresence && $0.type == "unsubscribe" && $0.from == "alice@alpha.test" }
            _ = try await bob.waitFor { $0.isPresence && $0.type == "unsubscribed" && $0.from == "alice@alpha.test" }
            _ = try await bob.waitFor { $0.isPresence && $0.type == "unavailable" && $0.from == "alice@alpha.test/a" }
            #expect(try await alice.roster().isEmpty)
            let bobRoster = try await bob.roster()
            #expect(bobRoster.first?.subscription == RosterItemSubscription.none)
        }
    }
}
