import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// XEP-0198 end to end between virtual clients and a virtual server over
/// loopback TCP: enabling, acks, resumption after an abrupt reset, and what
/// happens when resumption comes too late.
@Suite struct StreamManagementTests {
    static let managed = StreamManagementPolicy(ackPolicy: AckPolicy(every: 5, after: .milliseconds(50)))

    /// Waits (polling, bounded) until `condition` holds.
    static func eventually(_ what: String, timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw StreamManagementTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    static func bodies(_ client: VirtualClient) -> [String] {
        client.unconsumed().filter { $0.isMessage && $0.type != "error" }.compactMap(\.body)
    }

    @Test func enablingGivesAResumableSessionAndAcksEmptyTheQueue() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a", streamManagement: Self.managed)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            try await Self.eventually("<enabled/>") { alice.streamManagementStatus.id != nil }
            #expect(alice.streamManagementStatus.enabled)
            for n in 1...7 { alice.sendMessage(to: try JID("bob@alpha.test/b"), body: "m\(n)") }
            // Five stanzas trigger <r/>, the timer asks for the other two.
            try await Self.eventually("all acknowledged") { alice.streamManagementStatus.unacknowledged == 0 }
            try await Self.eventually("bob has them") { Self.bodies(bob).count == 7 }
            // Alice's h counts what the server sent her (nothing yet but her own bind was before enabling).
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "back")
            _ = try await alice.waitFor { $0.isMessage }
            #expect(alice.streamManagementStatus.handled == 1)
        }
    }

    @Test func resumptionAfterAResetDeliversEverythingOnceAndInOrder() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a", streamManagement: Self.managed)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b", streamManagement: Self.managed)
            try await Self.eventually("both resumable") {
                alice.streamManagementStatus.id != nil && bob.streamManagementStatus.id != nil
            }
            let aliceJID = try JID("alice@alpha.test/a"), bobJID = try JID("bob@alpha.test/b")
            // Stanzas in flight both ways when both connections are reset.
            for n in 1...20 {
                alice.sendMessage(to: bobJID, body: "a\(n)")
                bob.sendMessage(to: aliceJID, body: "b\(n)")
            }
            async let dropAlice: Void = alice.dropConnection()
            async let dropBob: Void = bob.dropConnection()
            _ = await (dropAlice, dropBob)
            // While both are away: more from each side (held for the resumption).
            for n in 21...25 {
                alice.sendMessage(to: bobJID, body: "a\(n)")
                bob.sendMessage(to: aliceJID, body: "b\(n)")
            }
            #expect(try await alice.reconnect(to: address) == aliceJID)
            #expect(try await bob.reconnect(to: address) == bobJID)
            #expect(alice.lastResumption.map { if case .resumed = $0 { true } else { false } } == true)
            #expect(bob.lastResumption.map { if case .resumed = $0 { true } else { false } } == true)
            try await Self.eventually("all 25 each way") { Self.bodies(alice).count >= 25 && Self.bodies(bob).count >= 25 }
            try await Self.eventually("all acknowledged") {
                alice.streamManagementStatus.unacknowledged == 0 && bob.streamManagementStatus.unacknowledged == 0
            }
            #expect(Self.bodies(bob) == (1...25).map { "a\($0)" })
            #expect(Self.bodies(alice) == (1...25).map { "b\($0)" })
            // Still one session each: the resumed ones, not new resources.
            #expect(try await server.boundResources(of: try JID("alice@alpha.test")) == [aliceJID])
            #expect(try await server.connectionCounts().sessions == 2)
        }
    }

    @Test func resumingFromAnotherConnectionTakesTheSessionOver() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a", streamManagement: Self.managed)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            try await Self.eventually("<enabled/>") { alice.streamManagementStatus.id != nil }
            // The old connection is still up as far as the server knows.
            #expect(try await alice.reconnect(to: address) == (try JID("alice@alpha.test/a")))
            #expect(alice.lastResumption.map { if case .resumed = $0 { true } else { false } } == true)
            bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "after the takeover")
            #expect(try await alice.waitFor { $0.isMessage }.body == "after the takeover")
            #expect(try await server.connectionCounts() == (connections: 2, sessions: 2))
        }
    }

    @Test func lateResumptionFailsAndNothingIsLost() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer { $0.streamManagement.resumeTimeout = .milliseconds(200) }
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a", streamManagement: Self.managed)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            try await Self.eventually("<enabled/>") { alice.streamManagementStatus.id != nil }
            await alice.dropConnection()
            let aliceJID = try JID("alice@alpha.test/a")
            // Held by the hibernating session, then stored offline when it expires.
            for n in 1...3 { bob.sendMessage(to: aliceJID, body: "held \(n)") }
            // Sent by alice while away: sent again on her new session.
            alice.sendMessage(to: try JID("bob@alpha.test/b"), body: "from the gap")
            try await Self.eventually("the session expired") {
                try await server.boundResources(of: aliceJID.bare).isEmpty
            }
            #expect(try await alice.reconnect(to: address) == aliceJID)
            #expect(alice.lastResumption == .failed(ResumeFailure(.itemNotFound, h: 0)))
            alice.sendPresence()
            try await Self.eventually("offline messages") { Self.bodies(alice).count >= 3 }
            #expect(Self.bodies(alice) == ["held 1", "held 2", "held 3"])
            #expect(try await bob.waitFor { $0.isMessage }.body == "from the gap")
        }
    }

    @Test func aCleanCloseEndsTheSessionAtOnce() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a", streamManagement: Self.managed)
            try await Self.eventually("<enabled/>") { alice.streamManagementStatus.id != nil }
            await alice.disconnect()
            try await Self.eventually("the session ended") {
                try await server.boundResources(of: try JID("alice@alpha.test")).isEmpty
            }
            #expect(try await alice.reconnect(to: address) == (try JID("alice@alpha.test/a")))
            #expect(alice.lastResumption == .failed(ResumeFailure(.itemNotFound, h: 0)))
        }
    }

    /// A crash with messages waiting in a hibernating session: with durable
    /// queues (the default) the session survives as on disk and the client
    /// resumes it after the restart, getting them once; without, the session
    /// and its messages die with the server.
    @Test(arguments: [true, false])
    func aHibernatingSessionSurvivesACrashWhenQueuesAreDurable(durable: Bool) async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer { $0.durableQueues = durable }
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a", streamManagement: Self.managed)
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            try await Self.eventually("<enabled/>") { alice.streamManagementStatus.id != nil }
            await alice.dropConnection()
            for n in 1...3 { bob.sendMessage(to: try JID("alice@alpha.test/a"), body: "held \(n)") }
            try await bob.ping()
            try await server.crash()
            #expect(try await server.start(on: address) == address)
            #expect(try await alice.reconnect(to: address) == (try JID("alice@alpha.test/a")))
            if durable {
                #expect(alice.lastResumption.map { if case .resumed = $0 { true } else { false } } == true)
                try await Self.eventually("the held messages") { Self.bodies(alice).count >= 3 }
                try await alice.ping()
                #expect(Self.bodies(alice) == ["held 1", "held 2", "held 3"])
            } else {
                #expect(alice.lastResumption == .failed(ResumeFailure(.itemNotFound)), "the crash forgot the session")
                alice.sendPresence()
                try await alice.ping()
                #expect(Self.bodies(alice).isEmpty)
            }
        }
    }
}

struct StreamManagementTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}
