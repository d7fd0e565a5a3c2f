import Testing
import XMPPClient
import XMPPCore
import XMPPServer

/// Message delivery end to end (RFC 6121 §8.5), offline storage (XEP-0203)
/// and IQ handling (RFC 6120 §8.2.3, XEP-0199, XEP-0030).
@Suite struct MessagingTests {
    @Test func chatToBareJIDGoesToTheHighestPriorityResources() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let high1 = try await lab.connected("bob@alpha.test", at: address, resource: "high1")
            let high2 = try await lab.connected("bob@alpha.test", at: address, resource: "high2")
            let low = try await lab.connected("bob@alpha.test", at: address, resource: "low")
            let negative = try await lab.connected("bob@alpha.test", at: address, resource: "negative")
            for (client, priority) in [(high1, Int8(5)), (high2, 5), (low, 1), (negative, -1)] {
                client.sendPresence(priority: priority)
                _ = try await client.waitFor { $0.isPresence && $0.from == client.jid?.description }
            }
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "to the bare JID", type: .chat, id: "m1")
            for client in [high1, high2] {
                let message = try await client.waitFor { $0.isMessage }
                #expect(message.body == "to the bare JID")
                #expect(message.from == "alice@alpha.test/a")
            }
            // Full JID: that resource only, even with a negative priority.
            alice.sendMessage(to: try JID("bob@alpha.test/negative"), body: "direct", type: .chat)
            #expect(try await negative.waitFor { $0.isMessage }.body == "direct")
            try await low.ping()
            #expect(low.unconsumed().filter(\.isMessage).isEmpty)
        }
    }

    /// A client's buffer of unconsumed stanzas keeps the newest
    /// `receiveBufferLimit` and counts what it dropped.
    @Test func aFullReceiveBufferDropsTheOldestAndCountsThem() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b", receiveBufferLimit: 3)
            for number in 1...5 { alice.sendMessage(to: try JID("bob@alpha.test/b"), body: "\(number)", type: .chat) }
            // Nothing waits on bob, so all five go to the buffer (polled, bounded).
            for _ in 0..<200 where !bob.unconsumed().contains(where: { $0.body == "5" }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(bob.unconsumed().map(\.body) == ["3", "4", "5"])
            #expect(bob.overflowCount == 2)
            // The oldest kept is found first.
            #expect(try await bob.waitFor { $0.isMessage }.body == "3")
            #expect(bob.unconsumed().map(\.body) == ["4", "5"])
        }
    }

    @Test func messageToUnknownUserIsServiceUnavailable() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.sendMessage(to: try JID("nobody@alpha.test"), body: "hello?", id: "lost-1")
            let error = try await alice.waitFor { $0.isMessage && $0.type == "error" }
            #expect(error[attribute: "id"] == "lost-1")
            #expect(error.child("error", namespace: XMLNamespace.client)?.child("service-unavailable", namespace: XMLNamespace.stanzaErrors) != nil)
        }
    }

    @Test func messageToAnotherDomainIsBouncedUntilFederationExists() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.sendMessage(to: try JID("bob@bravo.test"), body: "far away", id: "far-1")
            let error = try await alice.waitFor { $0.isMessage && $0.type == "error" }
            #expect(error.child("error", namespace: XMLNamespace.client)?.child("remote-server-not-found", namespace: XMLNamespace.stanzaErrors) != nil)
        }
    }

    @Test func offlineMessagesArriveWithTheirDelayStamp() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "while you were out", type: .chat, id: "off-1")
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "second", type: .normal, id: "off-2")
            try await alice.ping()
            let bob = try await lab.connected("bob@alpha.test", at: address)
            bob.sendPresence()
            let first = try await bob.waitFor { $0.isMessage }
            let second = try await bob.waitFor { $0.isMessage }
            #expect([first.body, second.body] == ["while you were out", "second"])
            let delay = try #require(first.child("delay", namespace: XMLNamespace.delay))
            #expect(delay[attribute: "from"] == "alpha.test")
            #expect(delay[attribute: "stamp"]?.hasSuffix("Z") == true)
        }
    }

    @Test func headlineToAnAccountWithoutResourcesIsDroppedAsTheRFCSaysAndRecorded() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "news", type: .headline)
            try await alice.ping()
            let ignored = try await server.ignoredStanzas()
            #expect(ignored.contains { $0.stanza.body == "news" })
        }
    }

    @Test func pingDiscoAndUnknownNamespaces() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            try await alice.ping()
            let info = try await alice.request(.get, to: try JID("alpha.test"), payload: XMLElement(name: "query", namespace: XMLNamespace.discoInfo))
            let query = try #require(info.child("query", namespace: XMLNamespace.discoInfo))
            #expect(query.child("identity", namespace: XMLNamespace.discoInfo)?[attribute: "category"] == "server")
            let features = query.children("feature", namespace: XMLNamespace.discoInfo).compactMap { $0[attribute: "var"] }
            #expect(features.contains(XMLNamespace.ping))
            await #expect(throws: ClientError.iqError(StanzaError(.serviceUnavailable))) {
                _ = try await alice.request(.get, to: try JID("alpha.test"), payload: XMLElement(name: "query", namespace: "urn:example:unknown"))
            }
            await #expect(throws: ClientError.iqError(StanzaError(.serviceUnavailable))) {
                _ = try await alice.request(.get, to: try JID("nobody@alpha.test"), payload: XMLElement(name: "ping", namespace: XMLNamespace.ping))
            }
        }
    }

    @Test func iqWithoutIDIsBadRequest() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.send(XMLElement(name: "iq", namespace: XMLNamespace.client, attributes: [XMLAttribute(name: "type", value: "get")],
                                  children: [.element(XMLElement(name: "ping", namespace: XMLNamespace.ping))]))
            let reply = try await alice.waitFor { $0.name == "iq" }
            #expect(reply.type == "error")
            #expect(reply.child("error", namespace: XMLNamespace.client)?.child("bad-request", namespace: XMLNamespace.stanzaErrors) != nil)
        }
    }

    @Test func unknownChildElementsAreRoutedUntouched() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            var message = XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [
                XMLAttribute(name: "to", value: "bob@alpha.test/b"), XMLAttribute(name: "type", value: "chat"),
            ])
            var custom = XMLElement(name: "payload", namespace: "urn:example:custom", attributes: [XMLAttribute(name: "n", value: "1")])
            custom.append(XMLElement(name: "inner", namespace: "urn:example:custom", text: "kept"))
            message.append(custom)
            alice.send(message)
            let received = try await bob.waitFor { $0.isMessage }
            #expect(received.child("payload", namespace: "urn:example:custom") == custom)
        }
    }
}
