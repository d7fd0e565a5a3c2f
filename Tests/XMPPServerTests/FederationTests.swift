import LabNet
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// Federation over loopback: s2s through the simulated DNS, by TLS + SASL
/// EXTERNAL and by Server Dialback, and bounces when a domain cannot be reached.
@Suite struct FederationTests {
    private func errorCondition(_ stanza: XMLElement) -> String? {
        stanza.child("error", namespace: XMLNamespace.client)?.elements.first { $0.namespace == XMLNamespace.stanzaErrors && $0.name != "text" }?.name
    }

    private func exchange(_ lab: TestLab, policy: S2SPolicy = S2SPolicy(), badClientCertificate: Bool = false) async throws {
        let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: policy,
                                                                   s2sClientIdentityDomain: badClientCertificate ? "mallory.test" : nil)
        let (_, bravoAddress) = try await lab.startFederatedServer("bravo.test", policy: policy)
        let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
        let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
        alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "across the federation", id: "fed-1")
        let received = try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }
        #expect(received.body == "across the federation")
        #expect(received.from == "alice@alpha.test/a")
        // And back, over bravo's own outgoing stream.
        bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "and back")
        #expect(try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "and back")
    }

    @Test func federationByTLSAndSASLExternal() async throws {
        try await withLab { lab in try await exchange(lab) }
    }

    @Test func federationByDialbackOnly() async throws {
        try await withLab { lab in try await exchange(lab, policy: S2SPolicy(tls: .required, external: false, dialback: true)) }
    }

    @Test func dialbackIsTheFallbackWhenTheCertificateDoesNotMatch() async throws {
        try await withLab { lab in try await exchange(lab, badClientCertificate: true) }
    }

    @Test func threeDomainsWithDifferentPolicies() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            let (_, bravoAddress) = try await lab.startFederatedServer("bravo.test")
            // charlie only does dialback: alpha and bravo fall back to it for charlie.
            let (_, charlieAddress) = try await lab.startFederatedServer("charlie.test", policy: S2SPolicy(external: false, dialback: true))
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            let carol = try await lab.connected("carol@charlie.test", at: charlieAddress, resource: "c")
            alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "to bravo")
            alice.sendMessage(to: try JID("carol@charlie.test/c"), body: "to charlie")
            bob.sendMessage(to: try JID("carol@charlie.test/c"), body: "bravo to charlie")
            carol.sendMessage(to: try JID("alice@alpha.test/a"), body: "charlie to alpha")
            #expect(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "to bravo")
            let atCarol = [try await carol.waitFor(timeout: .seconds(10)) { $0.isMessage }, try await carol.waitFor(timeout: .seconds(10)) { $0.isMessage }]
            #expect(Set(atCarol.compactMap(\.body)) == ["to charlie", "bravo to charlie"])
            #expect(try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }.from == "carol@charlie.test/c")
        }
    }

    @Test func presenceSubscriptionAcrossDomains() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            let (_, bravoAddress) = try await lab.startFederatedServer("bravo.test")
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            alice.sendPresence()
            bob.sendPresence()
            alice.subscribe(to: try JID("bob@bravo.test"))
            let request = try await bob.waitFor(timeout: .seconds(10)) { $0.isPresence && $0.type == "subscribe" }
            #expect(request.from == "alice@alpha.test")
            bob.approveSubscription(from: try JID("alice@alpha.test"))
            _ = try await alice.waitFor(timeout: .seconds(10)) { $0.isPresence && $0.type == "subscribed" }
            let presence = try await alice.waitFor(timeout: .seconds(10)) { $0.isPresence && $0.from == "bob@bravo.test/b" && $0.type == nil }
            #expect(presence.to == "alice@alpha.test")
            let roster = try await alice.roster()
            #expect(roster.first?.jid.description == "bob@bravo.test")
            #expect(roster.first?.subscription == .to)
        }
    }

    @Test func queuedStanzasArriveInOrderOnceTheStreamIsUp() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            let (_, bravoAddress) = try await lab.startFederatedServer("bravo.test")
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            for index in 0..<20 { alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "m\(index)") }
            var bodies: [String] = []
            for _ in 0..<20 { bodies.append(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.body ?? "") }
            #expect(bodies == (0..<20).map { "m\($0)" })
        }
    }

    @Test func unknownDomainBouncesRemoteServerNotFound() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress)
            alice.sendMessage(to: try JID("bob@nowhere.test"), body: "hello?", id: "nx-1")
            let error = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage && $0.type == "error" }
            #expect(error[attribute: "id"] == "nx-1")
            #expect(errorCondition(error) == "remote-server-not-found")
        }
    }

    @Test func deadPortBouncesRemoteServerNotFound() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            // A port nobody listens on: bind one, note it, close it.
            let (probe, probeAddress) = try await lab.startServer("probe.test")
            try await probe.stop()
            lab.dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: probeAddress.port, target: "dead.test")], service: .xmppServer, domain: "dead.test")
            lab.dns.setAddresses(["127.0.0.1"], host: "dead.test")
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress)
            alice.sendMessage(to: try JID("bob@dead.test"), body: "anyone?")
            let error = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage && $0.type == "error" }
            #expect(errorCondition(error) == "remote-server-not-found")
        }
    }

    @Test func dnsTimeoutBouncesRemoteServerTimeout() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            lab.dns.setFailure(.timeout, for: .srv(service: .xmppServer, domain: "slow.test"))
            lab.dns.queryTimeout = .milliseconds(400)
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress)
            let sent = ContinuousClock.now
            alice.sendMessage(to: try JID("bob@slow.test"), body: "anyone?")
            let error = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage && $0.type == "error" }
            #expect(errorCondition(error) == "remote-server-timeout")
            // The resolver waited for the answer that never came before giving up.
            #expect(ContinuousClock.now - sent >= .milliseconds(400))
        }
    }

    private func srvQueries(_ lab: TestLab, for domain: String) -> Int {
        lab.dns.queryLog.filter { $0.question == .srv(service: .xmppServer, domain: domain) }.count
    }

    @Test func anIdleStreamClosesAndTheNextStanzaOpensANewOne() async throws {
        try await withLab { lab in
            let policy = S2SPolicy(idleTimeout: .milliseconds(200))
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: policy)
            let (_, bravoAddress) = try await lab.startFederatedServer("bravo.test", policy: policy)
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "one")
            _ = try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }
            #expect(srvQueries(lab, for: "bravo.test") == 1)
            try await Task.sleep(for: .milliseconds(600))
            alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "two")
            #expect(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "two")
            #expect(srvQueries(lab, for: "bravo.test") == 2, "a new stream was resolved and opened")
        }
    }

    @Test func anUnreachableDomainIsNotRetriedForEachStanzaDuringBackoff() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: S2SPolicy(initialBackoff: .seconds(30)))
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress)
            alice.sendMessage(to: try JID("bob@nowhere.test"), body: "first", id: "b-1")
            _ = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage && $0[attribute: "id"] == "b-1" }
            alice.sendMessage(to: try JID("bob@nowhere.test"), body: "second", id: "b-2")
            let second = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage && $0[attribute: "id"] == "b-2" }
            #expect(errorCondition(second) == "remote-server-not-found")
            #expect(srvQueries(lab, for: "nowhere.test") == 1, "the second stanza bounced without a new attempt")
        }
    }
}

/// A fake server on a raw socket claiming to be alpha.test: its forged
/// dialback key is refused after bravo asks the real alpha.test, and its
/// stanzas are refused with `invalid-from`.
@Suite struct FederationSecurityTests {
    @Test func forgedDialbackKeyAndUnauthenticatedStanzasAreRefused() async throws {
        try await withLab { lab in
            let relaxed = S2SPolicy(tls: .optional, external: true, dialback: true)
            _ = try await lab.startFederatedServer("alpha.test", policy: relaxed)
            let (bravo, _) = try await lab.startFederatedServer("bravo.test", policy: relaxed)
            let bravoS2S = try #require(await bravo.s2sAddress)
            let raw = try await RawConnection.connect(to: bravoS2S, on: lab.group.next())
            try await raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
                               + "xmlns:db='jabber:server:dialback' from='alpha.test' to='bravo.test' version='1.0'>")
            _ = try await raw.waitUntil { text, _ in text.contains("</stream:features>") }
            try await raw.send("<db:result from='alpha.test' to='bravo.test'>0123456789abcdef</db:result>")
            let answer = try await raw.waitUntil { text, _ in text.contains("type='invalid'") || text.contains("type='valid'") }
            #expect(answer.contains("<db:result from='bravo.test' to='alpha.test' type='invalid'/>"), "\(answer)")
            try await raw.send("<message from='alice@alpha.test' to='bob@bravo.test' type='chat'><body>forged</body></message>")
            let text = try await raw.waitUntil { _, closed in closed }
            #expect(text.contains("<invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'"), "\(text)")
        }
    }
}
