import Foundation
import LabNet
import LabNetLoopback
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// Federation with a real server: a Prosody instance on loopback finds the
/// VirtualServer through the lab's DNS (served over UDP to its libunbound)
/// and the VirtualServer finds Prosody the same way; a message and a presence
/// subscription cross in both directions.
@Suite(.serialized) struct ProsodyInteropTests {
    /// By certificates (TLS + SASL EXTERNAL both ways), and with the virtual
    /// server refusing EXTERNAL so both directions fall back to Server
    /// Dialback, each verified by a connection back to the other side.
    /// With "+ bidi", Prosody's mod_s2s_bidi is loaded and the virtual server
    /// has XEP-0288 on: whoever connects first opens the one stream both use.
    @Test(arguments: [
        ("EXTERNAL", S2SPolicy(tls: .optional)), ("dialback", S2SPolicy(tls: .optional, external: false, dialback: true)),
        ("EXTERNAL + bidi", S2SPolicy(tls: .optional, bidi: true)), ("dialback + bidi", S2SPolicy(tls: .optional, external: false, dialback: true, bidi: true)),
    ])
    func messagesAndSubscriptionsCrossBothWays(_ method: String, _ policy: S2SPolicy) async throws {
        try await withProsody(bidi: policy.bidi) { lab, prosody in
            try await exchange(lab, prosody: prosody, policy: policy)
        }
    }

    /// Runs `body` with a lab, its DNS served over UDP, and a Prosody for
    /// `prosody.xmpplab` (with account bob) published in that DNS, not yet
    /// started; stops Prosody and the DNS responder afterwards, also when `body` throws.
    private func withProsody(bidi: Bool = false, _ body: (TestLab, ProsodyPeer) async throws -> Void) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/prosody"),
                     "prosody is not installed: run scripts/ensure-test-peers.sh (make test does)")
        try await withLab { lab in
            let responder = try await DNSResponder.start(dns: lab.dns, eventLoop: lab.group.next())
            let prosody = try await ProsodyPeer(domain: "prosody.xmpplab", ca: TestLab.ca, dnsResponder: responder.address,
                                                accounts: ["bob": "bob-pw"], bidi: bidi, eventLoop: lab.group.next())
            lab.dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: prosody.s2sPort, target: "prosody.xmpplab")],
                                  service: .xmppServer, domain: "prosody.xmpplab")
            lab.dns.setAddresses(["127.0.0.1"], host: "prosody.xmpplab")
            do {
                try await body(lab, prosody)
            } catch {
                await prosody.stop()
                try? await responder.stop()
                throw error
            }
            await prosody.stop()
            try? await responder.stop()
        }
    }

    /// A virtual server hosting two domains writes to Prosody from both:
    /// the second domain's `<db:result/>` rides the stream the first opened
    /// (XEP-0220 §2.6.1), Prosody verifies it and delivers; its answer to the
    /// second domain comes back over a stream of its own.
    @Test func aSecondSenderDomainMultiplexesOverTheStreamToProsody() async throws {
        try await withProsody { lab, prosody in
            let (alpha, alphaAddress) = try await lab.startFederatedServer(
                "alpha.xmpplab", virtualHosts: ["alpha2.xmpplab"], policy: S2SPolicy(tls: .optional, external: false, dialback: true))
            try await prosody.start(on: lab.group.next())
            let alice = try await lab.connected("alice@alpha.xmpplab", at: alphaAddress, resource: "a")
            let carol = try await lab.connected("carol@alpha2.xmpplab", at: alphaAddress, resource: "c")
            let bob = try lab.client("bob@prosody.xmpplab", credentials: .plain(password: "bob-pw"), resource: "b")
            try await bob.connect(to: NetworkAddress(host: "127.0.0.1", port: prosody.c2sPort))
            alice.sendMessage(to: try JID("bob@prosody.xmpplab/b"), body: "from alpha")
            #expect(try await bob.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }.body == "from alpha")
            carol.sendMessage(to: try JID("bob@prosody.xmpplab/b"), body: "from alpha2")
            let second = try await bob.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }
            #expect(second.body == "from alpha2", "log:\n\(prosody.log.suffix(3000))")
            #expect(second.from == "carol@alpha2.xmpplab/c")
            let outgoing = try await alpha.federationStatus().outgoing
            #expect(outgoing.map(\.remote) == ["prosody.xmpplab"], "\(outgoing)")
            #expect(outgoing.first?.multiplexed == [DomainPair(from: "alpha2.xmpplab", to: "prosody.xmpplab")])
            bob.sendMessage(to: try JID("carol@alpha2.xmpplab/c"), body: "hello alpha2")
            #expect(try await carol.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }.body == "hello alpha2")
        }
    }

    /// The scenario itself, with Prosody configured and the lab DNS served.
    private func exchange(_ lab: TestLab, prosody: ProsodyPeer, policy: S2SPolicy) async throws {
        let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.xmpplab", policy: policy)
        try await prosody.start(on: lab.group.next())

        let alice = try await lab.connected("alice@alpha.xmpplab", at: alphaAddress, resource: "a")
        let bob = try lab.client("bob@prosody.xmpplab", credentials: .plain(password: "bob-pw"), resource: "b")
        try await bob.connect(to: NetworkAddress(host: "127.0.0.1", port: prosody.c2sPort))
        // Prosody sends subscription approvals and roster pushes to interested resources (RFC 6121 §2.1.6).
        _ = try await bob.roster()
        alice.sendPresence()
        bob.sendPresence()

        alice.sendMessage(to: try JID("bob@prosody.xmpplab/b"), body: "hello Prosody")
        let atBob = try await bob.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }
        #expect(atBob.body == "hello Prosody", "log:\n\(prosody.log.suffix(3000))")
        bob.sendMessage(to: try JID("alice@alpha.xmpplab/a"), body: "hello xmpplab")
        let atAlice = try await alice.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }
        #expect(atAlice.body == "hello xmpplab")
        #expect(atAlice.from == "bob@prosody.xmpplab/b")

        alice.subscribe(to: try JID("bob@prosody.xmpplab"))
        _ = try await bob.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribe" }
        bob.approveSubscription(from: try JID("alice@alpha.xmpplab"))
        _ = try await alice.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribed" }
        bob.subscribe(to: try JID("alice@alpha.xmpplab"))
        _ = try await alice.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribe" }
        alice.approveSubscription(from: try JID("bob@prosody.xmpplab"))
        _ = try await bob.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribed" }
        #expect(try await alice.roster().first?.subscription == .both)
        if policy.bidi {
            let status = try await alpha.federationStatus()
            #expect(status.outgoing.map(\.remote) == ["prosody.xmpplab"] && status.outgoing.allSatisfy(\.bidi), "\(status)")
            let incoming = status.incoming.filter { $0.method != nil }
            if policy.external {
                // alice wrote first: alpha's stream to Prosody carried everything back.
                #expect(incoming.isEmpty, "\(status)\nlog:\n\(prosody.log.suffix(3000))")
            } else {
                // Prosody sends its <db:verify/> for alpha's key over a stream of its own,
                // which it authenticates (dialback, bidi) before sending and then keeps: two streams.
                #expect(incoming.map(\.remote) == ["prosody.xmpplab"] && incoming.allSatisfy(\.bidi), "\(status)")
            }
        }
    }
}
