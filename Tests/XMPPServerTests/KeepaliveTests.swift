import LabNet
import LabNetLoopback
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// XEP-0199 pings as keepalives, end to end: a server pings silent clients
/// and drops those that do not answer (keeping a resumable session for
/// resumption); a client pings its server and notices when a blackholed
/// path swallows everything.
@Suite struct KeepaliveEndToEndTests {
    static let quick = KeepalivePolicy(interval: .milliseconds(100), timeout: .milliseconds(200))

    @Test func aClientThatAnswersStaysConnected() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer { $0.keepalive = Self.quick }
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            try await Task.sleep(for: .milliseconds(700))
            #expect(alice.isConnected)
            #expect(alice.unconsumed().isEmpty, "the server's pings were answered, not buffered")
            #expect(try await server.connectionCounts().sessions == 1)
        }
    }

    @Test func aSilentClientIsDisconnectedWithConnectionTimeout() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer {
                $0.tls = .disabled
                $0.saslMechanisms = ["ANONYMOUS"]
                $0.keepalive = Self.quick
            }
            let wire = try await StreamManagementWireTests.Wire.open(lab, address)
            try await wire.bind()
            // Never answer: a ping, then the stream error, then the end.
            let text = try await wire.exchange("", until: "</stream:stream>")
            #expect(text.contains("<ping xmlns='urn:xmpp:ping'/>"))
            #expect(text.contains("<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"))
        }
    }

    @Test func aSilentResumableSessionIsKeptForResumption() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer {
                $0.tls = .disabled
                $0.saslMechanisms = ["ANONYMOUS"]
                $0.keepalive = Self.quick
            }
            let wire = try await StreamManagementWireTests.Wire.open(lab, address)
            try await wire.bind()
            // (A ping may come first: the keepalive is quick.)
            let enabled = try await wire.exchange("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", until: "<enabled")
            #expect(enabled.contains("<enabled"))
            #expect(wire.raw.received.contains("resume='true'"))
            _ = try await wire.exchange("", until: "</stream:stream>")
            let jid = try #require(wire.raw.received.firstMatch(of: /<jid>([^<]+)<\/jid>/).map { String($0.1) })
            // The connection is gone but the session (and its resource) is not.
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await server.boundResources(of: try JID(jid).bare).map(\.description) == [jid])
            #expect(try await server.connectionCounts() == (connections: 0, sessions: 1))
        }
    }

    @Test func aClientNoticesABlackholedPathAndResumesAfterIt() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let relay = LinkRelay(name: "client path", conditions: .perfect, seed: 1, group: lab.group)
            let entrance = try await relay.addEntrance(forwardingTo: address)
            let configuration = ClientConfiguration(
                account: try JID("alice@alpha.test"), credentials: .scramSHA256(password: "alice-pw"), resource: "a",
                streamManagement: StreamManagementPolicy(), keepalive: Self.quick)
            let alice = VirtualClient(configuration: configuration, fabric: lab.fabric, eventLoop: lab.group.next(), tlsContext: lab.clientTLSContext)
            try await alice.connect(to: entrance)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            relay.cut(.blackhole)
            // Alice's pings go unanswered: she drops the connection herself.
            let deadline = ContinuousClock.now + .seconds(5)
            while alice.isConnected && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(!alice.isConnected)
            guard case .streamError(let error)? = alice.failure else {
                Issue.record("expected a connection-timeout failure, got \(String(describing: alice.failure))")
                return
            }
            #expect(error.condition == .connectionTimeout)
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "while the path was dark")
            relay.heal()
            try await alice.reconnect(to: entrance)
            #expect(alice.lastResumption.map { if case .resumed = $0 { true } else { false } } == true)
            #expect(try await alice.waitFor { $0.isMessage }.body == "while the path was dark")
            await alice.disconnect()
            try await relay.close()
        }
    }
}
