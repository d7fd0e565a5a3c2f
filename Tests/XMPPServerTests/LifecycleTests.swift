import Testing
import XMPPClient
import XMPPCore
import XMPPServer

/// Starting, stopping and crashing servers; many servers in one process.
@Suite struct LifecycleTests {
    @Test func severalServersRunSideBySide() async throws {
        try await withLab { lab in
            let (_, alphaAddress) = try await lab.startServer("alpha.test")
            let (_, bravoAddress) = try await lab.startServer("bravo.test")
            #expect(alphaAddress != bravoAddress)
            let alice = try await lab.connected("alice@alpha.test", at: alphaAddress)
            let bob = try await lab.connected("bob@bravo.test", at: bravoAddress)
            try await alice.ping()
            try await bob.ping()
            // A client cannot log in to a server that does not serve its domain.
            let lost = try lab.client("alice@alpha.test", credentials: .plain(password: "alice-pw"))
            await #expect(throws: ClientError.self) { try await lost.connect(to: bravoAddress) }
        }
    }

    @Test func federationNeedsADNS() async throws {
        try await withLab { lab in
            let (server, _) = try await lab.startServer()
            await #expect(throws: VirtualServerError.federationNotConfigured(domain: "alpha.test")) {
                try await server.startFederation()
            }
        }
    }

    @Test func gracefulStopSendsSystemShutdown() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            try await server.stop()
            await #expect(throws: ClientError.self) { _ = try await alice.waitFor { _ in false } }
            guard case .streamError(let error)? = alice.failure else {
                Issue.record("no stream error: \(String(describing: alice.failure))")
                return
            }
            #expect(error.condition == .systemShutdown)
            let counts = try await server.connectionCounts()
            #expect(counts.connections == 0 && counts.sessions == 0)
        }
    }

    @Test func crashDropsEveryConnectionAndRestartKeepsStoredMessages() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            let carol = try await lab.connected("carol@alpha.test", at: address)
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "stored before the crash", id: "keep-1")
            try await alice.ping()
            try await server.crash()
            // Clients see the connection die without any stream error.
            await #expect(throws: ClientError.disconnected) { _ = try await alice.waitFor { _ in false } }
            await #expect(throws: ClientError.disconnected) { _ = try await carol.waitFor { _ in false } }
            let counts = try await server.connectionCounts()
            #expect(counts.connections == 0 && counts.sessions == 0)
            // Restart on the same port: the stored message is still there.
            let restarted = try await server.start(on: address)
            #expect(restarted == address)
            let bob = try await lab.connected("bob@alpha.test", at: address)
            bob.sendPresence()
            let message = try await bob.waitFor { $0.isMessage }
            #expect(message.body == "stored before the crash")
        }
    }

    @Test func droppedConnectionsLeaveNoSessionBehind() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            var clients: [VirtualClient] = []
            for index in 0..<20 {
                clients.append(try await lab.connected("alice@alpha.test", at: address, resource: "r\(index)"))
            }
            #expect(try await server.connectionCounts().sessions == 20)
            for client in clients { await client.dropConnection() }
            // The server notices every reset.
            var remaining = 20
            for _ in 0..<200 where remaining > 0 {
                remaining = try await server.connectionCounts().connections
                if remaining > 0 { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(remaining == 0)
            #expect(try await server.connectionCounts().sessions == 0)
        }
    }
}
