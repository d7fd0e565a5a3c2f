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
    @Test func messagesAndSubscriptionsCrossBothWays() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/prosody"),
                     "prosody is not installed: run scripts/ensure-test-peers.sh (make test does)")
        try await withLab { lab in
            let responder = try await DNSResponder.start(dns: lab.dns, eventLoop: lab.group.next())
            defer { Task { try? await responder.stop() } }
            let prosody = try await ProsodyPeer(domain: "prosody.test", ca: TestLab.ca, dnsResponder: responder.address,
                                                accounts: ["bob": "bob-pw"], eventLoop: lab.group.next())
            defer { prosody.stop() }
            lab.dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: prosody.s2sPort, target: "prosody.test")],
                                  service: .xmppServer, domain: "prosody.test")
            lab.dns.setAddresses(["127.0.0.1"], host: "prosody.test")
            let (_, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: S2SPolicy(tls: .optional))
            try await prosody.start(on: lab.group.next())

            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try lab.client("bob@prosody.test", credentials: .plain(password: "bob-pw"), resource: "b")
            try await bob.connect(to: NetworkAddress(host: "127.0.0.1", port: prosody.c2sPort))
            alice.sendPresence()
            bob.sendPresence()

            alice.sendMessage(to: try JID("bob@prosody.test/b"), body: "hello Prosody")
            let atBob = try await bob.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }
            #expect(atBob.body == "hello Prosody", "log:\n\(prosody.log.suffix(3000))")
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "hello xmpplab")
            let atAlice = try await alice.waitFor(timeout: .seconds(15)) { $0.isMessage && $0.body != nil }
            #expect(atAlice.body == "hello xmpplab")
            #expect(atAlice.from == "bob@prosody.test/b")

            alice.subscribe(to: try JID("bob@prosody.test"))
            _ = try await bob.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribe" }
            bob.approveSubscription(from: try JID("alice@alpha.test"))
            _ = try await alice.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribed" }
            bob.subscribe(to: try JID("alice@alpha.test"))
            _ = try await alice.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribe" }
            alice.approveSubscription(from: try JID("bob@prosody.test"))
            _ = try await bob.waitFor(timeout: .seconds(15)) { $0.isPresence && $0.type == "subscribed" }
            #expect(try await alice.roster().first?.subscription == .both)
        }
    }
}
