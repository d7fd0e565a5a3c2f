import LabNet
import NIOCore
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
@testable import XMPPServer

/// XEP-0288 over loopback: with bidi on both sides one TCP connection
/// carries both directions; with bidi on one side only each server opens its
/// own; a receiving server that sends with a forged 'from' loses the stream.
@Suite struct FederationBidiTests {
    typealias Stream = FederationStatus.Stream

    /// Polls `server`'s federation status until `condition` holds (bounded); returns the last status.
    private func status(of server: VirtualServer, until condition: (FederationStatus) -> Bool) async throws -> FederationStatus {
        var status = try await server.federationStatus()
        for _ in 0..<200 where !condition(status) {
            try await Task.sleep(for: .milliseconds(10))
            status = try await server.federationStatus()
        }
        return status
    }

    /// alice@alpha.test -> bob@bravo.test, then bob -> alice: both arrive.
    private func exchange(_ alice: VirtualClient, _ bob: VirtualClient, round: Int = 1) async throws {
        alice.sendMessage(to: try JID("bob@bravo.test/b"), body: "there \(round)")
        let atBob = try await bob.waitFor(timeout: .seconds(10)) { $0.isMessage }
        #expect(atBob.body == "there \(round)")
        #expect(atBob.from == "alice@alpha.test/a")
        bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "back \(round)")
        let atAlice = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }
        #expect(atAlice.body == "back \(round)")
        #expect(atAlice.from == "bob@bravo.test/b")
    }

    private func federation(_ lab: TestLab, alpha alphaPolicy: S2SPolicy, bravo bravoPolicy: S2SPolicy, badAlphaCertificate: Bool = false)
        async throws -> (alpha: VirtualServer, bravo: VirtualServer, alice: VirtualClient, bob: VirtualClient) {
        let (alpha, alphaAddress) = try await lab.startFederatedServer("alpha.test", policy: alphaPolicy,
                                                                       s2sClientIdentityDomain: badAlphaCertificate ? "mallory.test" : nil)
        let (bravo, bravoAddress) = try await lab.startFederatedServer("bravo.test", policy: bravoPolicy)
        let alice = try await lab.connected("alice@alpha.test", at: alphaAddress, resource: "a")
        let bob = try await lab.connected("bob@bravo.test", at: bravoAddress, resource: "b")
        return (alpha, bravo, alice, bob)
    }

    static let methods: [(String, S2SPolicy, Bool, S2SAuthenticationMethod)] = [
        ("EXTERNAL", S2SPolicy(bidi: true), false, .external),
        ("dialback", S2SPolicy(external: false, dialback: true, bidi: true), false, .dialback),
        ("EXTERNAL refused, dialback", S2SPolicy(bidi: true), true, .dialback),
    ]

    @Test(arguments: methods)
    func bothSidesBidiShareOneConnection(_ label: String, _ policy: S2SPolicy, _ badCertificate: Bool, _ method: S2SAuthenticationMethod) async throws {
        try await withLab { lab in
            let (alpha, bravo, alice, bob) = try await federation(lab, alpha: policy, bravo: policy, badAlphaCertificate: badCertificate)
            try await exchange(alice, bob)
            try await exchange(alice, bob, round: 2)
            // alpha opened the one stream; bravo answers over it. (A dialback verification
            // connection from bravo to alpha comes and goes: wait for it to close.)
            let atAlpha = try await status(of: alpha) { $0.incoming.isEmpty }
            #expect(atAlpha.outgoing == [Stream(remote: "bravo.test", method: method, encrypted: true, bidi: true, streamManagement: true)], "\(label)")
            #expect(atAlpha.incoming == [], "\(label)")
            #expect(atAlpha.establishedCount == 1)
            let atBravo = try await bravo.federationStatus()
            #expect(atBravo.outgoing == [], "\(label)")
            #expect(atBravo.incoming == [Stream(remote: "alpha.test", method: method, encrypted: true, bidi: true, streamManagement: true)], "\(label)")
            #expect(atBravo.establishedCount == 1)
        }
    }

    @Test(arguments: [(S2SPolicy(bidi: true), S2SPolicy()), (S2SPolicy(), S2SPolicy(bidi: true))])
    func bidiOnOneSideOnlyGivesTwoConnections(_ alphaPolicy: S2SPolicy, _ bravoPolicy: S2SPolicy) async throws {
        try await withLab { lab in
            let (alpha, bravo, alice, bob) = try await federation(lab, alpha: alphaPolicy, bravo: bravoPolicy)
            try await exchange(alice, bob)
            let atAlpha = try await alpha.federationStatus()
            #expect(atAlpha.outgoing == [Stream(remote: "bravo.test", method: .external, encrypted: true, streamManagement: true)])
            #expect(atAlpha.incoming == [Stream(remote: "bravo.test", method: .external, encrypted: true, streamManagement: true)])
            let atBravo = try await bravo.federationStatus()
            #expect(atBravo.outgoing == [Stream(remote: "alpha.test", method: .external, encrypted: true, streamManagement: true)])
            #expect(atBravo.incoming == [Stream(remote: "alpha.test", method: .external, encrypted: true, streamManagement: true)])
        }
    }

    @Test func whenTheBidiStreamClosesTheNextStanzaOpensAConnection() async throws {
        try await withLab { lab in
            let policy = S2SPolicy(bidi: true, idleTimeout: .milliseconds(300))
            let (alpha, bravo, alice, bob) = try await federation(lab, alpha: policy, bravo: policy)
            try await exchange(alice, bob)
            // alpha's stream idles out; bravo loses its way back with it.
            let closed = try await status(of: bravo) { $0.incoming.isEmpty }
            #expect(closed.incoming.isEmpty)
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "after the close")
            #expect(try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }.body == "after the close")
            let atBravo = try await bravo.federationStatus()
            #expect(atBravo.outgoing.map(\.remote) == ["alpha.test"], "bravo opened a connection of its own")
            #expect(atBravo.outgoing.first?.bidi == true, "and it is bidirectional too")
            _ = alpha
        }
    }

    /// bravo misbehaves: over the bidi stream alpha opened, it sends a stanza
    /// from a domain it never authenticated as. alpha closes the stream
    /// (invalid-from) and delivers nothing; the next stanza opens a new one.
    @Test func aForgedFromOverTheBidiStreamIsRefused() async throws {
        try await withLab { lab in
            let policy = S2SPolicy(bidi: true)
            let (alpha, bravo, alice, bob) = try await federation(lab, alpha: policy, bravo: policy)
            try await exchange(alice, bob)
            // Raw bytes on bravo's end of the connection, past its machine's checks (TLS still applies).
            let channel = try #require(try await bravo.eventLoop.submit {
                bravo.core.s2s?.incoming.values.first?.handler.channel
            }.get())
            let forged = "<message from='eve@evil.test/x' to='alice@alpha.test/a' type='chat'><body>forged</body></message>"
            try await channel.writeAndFlush(channel.allocator.buffer(string: forged))
            // alpha drops the stream; with XEP-0198 it may open a new one at
            // once to send again what the old one left unacknowledged, so the
            // check is on what gets delivered, not on the stream list.
            _ = try await status(of: bravo) { $0.incoming.isEmpty }
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "genuine")
            let first = try await alice.waitFor(timeout: .seconds(10)) { $0.isMessage }
            #expect(first.body == "genuine", "the forged message was not delivered")
            #expect(!alice.unconsumed().contains { $0.body == "forged" })
            _ = alpha
        }
    }

    /// bravo's own send path refuses a pair it is not authenticated for on
    /// the stream: such a stanza goes over a connection of bravo's own instead.
    @Test func theReceivingServerSendsOnlyForItsAuthenticatedDomain() async throws {
        try await withLab { lab in
            let policy = S2SPolicy(bidi: true)
            let (_, bravo, alice, bob) = try await federation(lab, alpha: policy, bravo: policy)
            try await exchange(alice, bob)
            let refusal: BidiSendRefusal? = try await bravo.eventLoop.submit {
                guard let session = bravo.core.s2s?.bidiRoutes["alpha.test"] else { return .closed }
                let stanza = XMLElement(name: "message", namespace: XMLNamespace.server, attributes: [
                    XMLAttribute(name: "from", value: "eve@evil.test"), XMLAttribute(name: "to", value: "alice@alpha.test"),
                ])
                do throws(BidiSendRefusal) { try session.handler.send(stanza) } catch { return error }
                return nil
            }.get()
            #expect(refusal == .notAuthorized(DomainPair(from: "evil.test", to: "alpha.test")))
        }
    }
}
