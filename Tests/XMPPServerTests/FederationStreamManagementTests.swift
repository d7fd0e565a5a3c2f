import LabNet
import LabNetLoopback
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// XEP-0198 on s2s streams: acks on by default in both directions (and on
/// a bidirectional stream), and when the s2s connections are reset with
/// stanzas in flight the streams are resumed: nothing lost, nothing twice.
@Suite struct FederationStreamManagementTests {
    static func eventually(_ what: String, timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw StreamManagementTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test(arguments: [false, true])
    func streamManagementIsOnForS2SStreams(bidi: Bool) async throws {
        try await withLab { lab in
            let policy = S2SPolicy(bidi: bidi)
            let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: policy)
            let (bravo, bravoAddress) = try await lab.startFederatedServer("bravo.test", policy: policy)
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "acked")
            _ = try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "acked back")
            _ = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }
            let outgoing = try await alpha.federationStatus().outgoing
            #expect(outgoing.map(\.streamManagement) == [true])
            let incoming = try await bravo.federationStatus().incoming
            #expect(incoming.allSatisfy(\.streamManagement) && !incoming.isEmpty)
            #expect(try await bravo.federationStatus().outgoing.count == (bidi ? 0 : 1))
        }
    }

    @Test func nothingIsLostWhenS2SConnectionsAreResetMidFlow() async throws {
        try await withLab { lab in
            let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.test")
            let (bravo, bravoAddress) = try await lab.startFederatedServer("bravo.test")
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            let bobJID = try JID("bob@bravo.test/b"), aliceJID = try JID("alice@alpha.test/a")
            // Let the streams come up, so the reset hits live, acked streams.
            alice.sendMessage(to: bobJID, body: "warm-up")
            _ = try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }
            bob.sendMessage(to: aliceJID, body: "warm-up")
            _ = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }
            let count = 300
            for n in 1...count {
                alice.sendMessage(to: bobJID, body: "a\(n)")
                bob.sendMessage(to: aliceJID, body: "b\(n)")
                if n == count / 2 {
                    // alpha resets both connections (its stream to bravo and
                    // bravo's to it); resetting bravo too could also hit the
                    // connections made to resume them, a second fault.
                    try await alpha.resetFederation()
                }
            }
            func bodies(_ client: VirtualClient, _ prefix: String) -> [String] {
                client.unconsumed().filter { $0.isMessage }.compactMap(\.body).filter { $0.hasPrefix(prefix) }
            }
            do {
                try await Self.eventually("every message at least once", timeout: .seconds(20)) {
                    Set(bodies(bob, "a")).count == count && Set(bodies(alice, "b")).count == count
                }
            } catch {
                // Say what is missing and where the streams stand, for the next reader.
                let missingAtBob = (1...count).map { "a\($0)" }.filter { !Set(bodies(bob, "a")).contains($0) }
                let missingAtAlice = (1...count).map { "b\($0)" }.filter { !Set(bodies(alice, "b")).contains($0) }
                Issue.record("""
                    missing at bob: \(missingAtBob.count) \(missingAtBob.prefix(5)); at alice: \(missingAtAlice.count) \(missingAtAlice.prefix(5)); \
                    errors: \((alice.unconsumed() + bob.unconsumed()).filter { $0.type == "error" }.count) \
                    \(Set((alice.unconsumed() + bob.unconsumed()).filter { $0.type == "error" }.map { $0.child("error", namespace: XMLNamespace.client).map { "\($0)" } ?? "?" }).prefix(3)); \
                    alpha: \(try await alpha.federationStatus()); bravo: \(try await bravo.federationStatus())
                    """)
                throw error
            }
            let errors = (alice.unconsumed() + bob.unconsumed()).filter { $0.type == "error" }
            #expect(errors.isEmpty, "nothing bounced: \(errors)")
            // Exactly once: the streams are resumed, and each side sends again only what the other missed.
            #expect(bodies(bob, "a").count == count)
            #expect(bodies(alice, "b").count == count)
        }
    }

    /// A blackholed link between the servers: alpha's keepalive pings go
    /// unanswered, so it declares the stream dead; the message it carried
    /// unacknowledged goes again over a new stream once the link heals.
    @Test func aBlackholedLinkIsDetectedByPingsAndNothingIsLostAfterItHeals() async throws {
        try await withLab { lab in
            let policy = S2SPolicy(keepalive: KeepalivePolicy(interval: .milliseconds(100), timeout: .milliseconds(200)))
            let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: policy)
            let (bravo, bravoAddress) = try await lab.startFederatedServer("bravo.test", policy: policy)
            // alpha reaches bravo through a link relay; bravo reaches alpha directly.
            let relay = LinkRelay(name: "alpha-bravo", conditions: .perfect, seed: 1, group: lab.group)
            let entrance = try await relay.addEntrance(forwardingTo: try #require(await bravo.s2sAddress))
            lab.dns.setSRVRecords(
                [SRVRecord(priority: 0, weight: 0, port: entrance.port, target: "bravo.test")],
                service: .xmppServer, domain: "bravo.test", forQuerier: "alpha.test")
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
            let bobJID = try JID("bob@bravo.test/b")
            alice.sendMessage(to: bobJID, body: "before")
            #expect(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "before")
            relay.cut(.blackhole)
            alice.sendMessage(to: bobJID, body: "into the dark")
            // The pings over the dead stream go unanswered: alpha drops it.
            try await Self.eventually("alpha drops its stream to bravo") {
                try await alpha.federationStatus().outgoing.allSatisfy { $0.method == nil }
            }
            relay.heal()
            #expect(try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "into the dark")
            #expect(alice.unconsumed().filter { $0.type == "error" }.isEmpty, "nothing bounced")
            try await relay.close()
        }
    }
}
