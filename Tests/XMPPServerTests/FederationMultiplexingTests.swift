import LabNet
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// Servers hosting several domains (virtual hosts), and their s2s traffic
/// sharing one stream (XEP-0220 §2.6): another sender domain over a stream
/// opened for the first, another target domain served at the same address.
@Suite struct FederationMultiplexingTests {
    private let dialbackOnly = S2SPolicy(external: false, dialback: true)

    @Test func aVirtualHostHasItsOwnAccounts() async throws {
        try await withLab { lab in
            let (alpha, address) = try await lab.startFederatedServer("alpha.test", virtualHosts: ["alpha2.test"], accounts: ["alice": "alice-pw"])
            try alpha.addAccount(Account(localpart: "dan", password: "dan-pw"), domain: "alpha2.test")
            #expect(throws: VirtualServerError.domainNotHosted("zulu.test")) {
                try alpha.addAccount(Account(localpart: "dan", password: "dan-pw"), domain: "zulu.test")
            }
            let dan = try await lab.connected("dan@alpha2.test", at: address, resource: "d")
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            // dan exists on alpha2.test only.
            let stranger = try lab.client("dan@alpha.test", credentials: .scramSHA256(password: "dan-pw"))
            await #expect(throws: ClientError.self) { try await stranger.connect(to: address) }
            // Both domains are local: no s2s between them.
            alice.sendMessage(to: try JID("dan@alpha2.test/d"), body: "next door")
            let received = try await dan.waitFor(timeout: .seconds(10)) { $0.isMessage }
            #expect(received.from == "alice@alpha.test/a")
            #expect(try await alpha.federationStatus().outgoing.isEmpty)
        }
    }

    /// alice@alpha.test and carol@alpha2.test both write to bob@bravo.test.
    private func twoSenders(_ lab: TestLab, policy: S2SPolicy) async throws -> (alpha: VirtualServer, bravo: VirtualServer) {
        let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.test", virtualHosts: ["alpha2.test"], policy: policy)
        let (bravo, bravoAddress) = try await lab.startFederatedServer("bravo.test", policy: policy)
        let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
        let carol = try await lab.connected("carol@alpha2.test", at: alphaAddress, resource: "c")
        let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
        alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "from alpha")
        #expect(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.from == "alice@alpha.test/a")
        carol.sendMessage(to: try JID("bob@bravo.test/b"), body: "from alpha2")
        #expect(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.from == "carol@alpha2.test/c")
        // And back to the virtual host.
        bob.sendMessage(to: try JID("carol@alpha2.test/c"), body: "back to alpha2")
        #expect(try await carol.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "back to alpha2")
        return (alpha, bravo)
    }

    @Test func anotherSenderDomainSharesTheDialbackStream() async throws {
        try await withLab { lab in
            let (alpha, bravo) = try await twoSenders(lab, policy: dialbackOnly)
            // One stream from alpha's server carries both pairs; bravo authorized both on it.
            let alpha2 = DomainPair(from: "alpha2.test", to: "bravo.test")
            let outgoing = try await alpha.federationStatus().outgoing
            #expect(outgoing.map(\.remote) == ["bravo.test"])
            #expect(outgoing.first?.multiplexed == [alpha2])
            let incoming = try await bravo.federationStatus().incoming
            #expect(incoming.map(\.remote) == ["alpha.test"])
            #expect(incoming.first?.multiplexed == [alpha2])
            #expect(incoming.first?.method == .dialback)
        }
    }

    @Test func anotherSenderDomainSharesAnExternalStreamByDialback() async throws {
        try await withLab { lab in
            let (alpha, bravo) = try await twoSenders(lab, policy: S2SPolicy())
            #expect(try await alpha.federationStatus().outgoing.map(\.method) == [.external])
            let incoming = try await bravo.federationStatus().incoming
            #expect(incoming.map(\.remote) == ["alpha.test"])
            #expect(incoming.map(\.method) == [.external])
            #expect(incoming.first?.multiplexed == [DomainPair(from: "alpha2.test", to: "bravo.test")])
        }
    }

    @Test func aBidirectionalStreamCarriesTheVirtualHostBothWays() async throws {
        try await withLab { lab in
            let (alpha, bravo) = try await twoSenders(lab, policy: S2SPolicy(external: false, dialback: true, bidi: true))
            // bob's answer to alpha2.test came back over alpha's stream: bravo opened none.
            #expect(try await alpha.federationStatus().outgoing.count == 1)
            #expect(try await bravo.federationStatus().outgoing.isEmpty)
        }
    }

    @Test func anotherTargetDomainAtTheSameAddressSharesTheStream() async throws {
        try await withLab { lab in
            let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: dialbackOnly)
            let (bravo, bravoAddress) = try await lab.startFederatedServer("bravo.test", virtualHosts: ["bravo2.test"], policy: dialbackOnly)
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            let dave = try await lab.connected("carol@bravo2.test", at: bravoAddress, resource: "d")
            alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "to bravo")
            _ = try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }
            alice.sendMessage(to: try JID("carol@bravo2.test/d"), body: "to bravo2")
            #expect(try await dave.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "to bravo2")
            #expect(try await alpha.federationStatus().outgoing.map(\.remote) == ["bravo.test"])
            // bravo2.test was looked up (the address matched the stream's).
            #expect(lab.dns.queryLog.contains { $0.question == .srv(service: .xmppServer, domain: "bravo2.test") })
            let incoming = try await bravo.federationStatus().incoming
            #expect(incoming.map(\.remote) == ["alpha.test"])
            #expect(incoming.first?.multiplexed == [DomainPair(from: "alpha.test", to: "bravo2.test")])
        }
    }
}
