import Lab
import Testing
import Topology
import Trace

/// What a recording keeps of the servers' connections: a row per
/// connection, its negotiation as events, stanzas at every hop on request,
/// and the per-connection comparison of `replay --check` and `diff`.
@Suite struct ConnectionRecordingTests {
    static func topology(dialbackOnly: Bool = false, password: String = "a-pw") -> Topology {
        var topology = LabRunTests.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(50), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "hi", id: "m1", count: 1, interval: .zero)),
                ScenarioStep(at: .milliseconds(50), action: .wait(.delivered(messageID: "m1"), timeout: .seconds(3))),
                ScenarioStep(at: .milliseconds(50), action: .wait(.presenceSeen(observer: "alice@alpha.test", of: "bob@bravo.test"), timeout: .seconds(3))),
            ],
            expectations: [ScenarioExpectation(.delivered(messageID: "m1", within: .seconds(3)))],
            duration: .milliseconds(500)
        )
        if dialbackOnly {
            for index in topology.servers.indices { topology.servers[index].s2s = S2SMethods(external: false, dialback: true) }
        }
        for index in topology.clients.indices where topology.clients[index].username == "alice" {
            topology.clients[index].password = password
        }
        return topology
    }

    static func run(_ topology: Topology, detail: RecordingDetail = .connections) async throws -> MemoryTraceSink {
        let sink = MemoryTraceSink()
        var options = Lab.Options(trace: sink)
        options.recordingDetail = detail
        let summary = try await Lab.run(topology, options: options)
        #expect(summary.passed, "\(summary.expectations.filter { !$0.passed })")
        return sink
    }

    @Test func everyServerConnectionHasARowAndItsNegotiation() async throws {
        let sink = try await Self.run(Self.topology(password: "secret-alice-pw"))
        let connections = sink.connections
        let c2s = connections.filter { $0.kind == .c2s }
        #expect(Set(c2s.compactMap(\.peer)) == ["alice@alpha.test", "bob@bravo.test"])
        for connection in c2s {
            #expect(connection.tls)
            #expect(connection.authMethod == "SCRAM-SHA-256")
            #expect(connection.stanzasIn > 0 && connection.stanzasOut > 0)
            #expect(connection.bytesIn > 0 && connection.bytesOut > 0)
            #expect(connection.closedAt != nil)
            #expect(connection.closeReason == "closed")
        }
        let out = try #require(connections.first { $0.kind == .s2sOut && $0.node == "alpha.test" })
        #expect(out.peer == "bravo.test")
        #expect(out.tls && out.authMethod == "EXTERNAL" && out.streamManagement && !out.dialback)
        #expect(out.stanzasOut >= 1)
        let incoming = try #require(connections.first { $0.kind == .s2sIn && $0.node == "bravo.test" })
        #expect(incoming.peer == "alpha.test")
        #expect(incoming.stanzasIn >= 1)
        #expect(incoming.closeReason?.contains("system-shutdown") == true)

        let events = sink.events.filter { $0.connection == out.id }
        let steps = events.map { "\($0.kind.rawValue) \($0.detail)" }
        for expected in ["tls <starttls/>", "tls TLS established", "sasl auth EXTERNAL", "sasl success", "sm-enable enabled resume=true max=300"] {
            #expect(steps.contains { $0.hasPrefix(expected) }, "\(expected) not in \(steps)")
        }
        #expect(events.first?.kind == .connectionOpened)
        #expect(events.last?.kind == .connectionClosed)
        #expect(sink.events.contains { $0.kind == .bind && $0.detail == "bound alice@alpha.test" })
        // SASL payloads are never read: no password, and no stanza at the servers at this detail.
        #expect(!sink.events.contains { $0.detail.contains("secret-alice-pw") })
        #expect(!sink.events.contains { $0.connection != nil && ($0.kind == .stanzaIn || $0.kind == .stanzaOut || $0.kind == .smAck) })
    }

    @Test func dialbackIsRecordedWithItsVerdictsAndNoKeys() async throws {
        let sink = try await Self.run(Self.topology(dialbackOnly: true))
        let out = try #require(sink.connections.first { $0.kind == .s2sOut && $0.node == "alpha.test" && $0.peer == "bravo.test" && $0.authMethod != nil })
        #expect(out.authMethod == "dialback" && out.dialback)
        let dialback = sink.events.filter { $0.kind == .dialback }
        // The request goes alpha -> bravo, the verdict comes back bravo -> alpha (XEP-0220 §2.1).
        #expect(dialback.contains { $0.detail == "db:result alpha.test -> bravo.test" && $0.connection == out.id && $0.direction == .outgoing })
        #expect(dialback.contains { $0.detail == "db:result bravo.test -> alpha.test valid" && $0.connection == out.id && $0.direction == .incoming })
        #expect(dialback.contains { $0.detail.hasPrefix("db:verify") && $0.detail.hasSuffix(" valid") })
        // The key is the element's text; the details carry domains and verdicts only.
        #expect(dialback.allSatisfy { $0.detail.split(separator: " ").count <= 5 })
    }

    @Test func hopsDetailRecordsEveryStanzaAtEveryServerConnection() async throws {
        let sink = try await Self.run(Self.topology(), detail: .hops)
        let hops = sink.events.filter { $0.stanza?.id == "m1" }.map { "\($0.node) \($0.kind.rawValue) \($0.connection == nil ? "client" : "server")" }
        for hop in [
            "alice@alpha.test stanza-out client", "alpha.test stanza-in server", "alpha.test stanza-out server",
            "bravo.test stanza-in server", "bravo.test stanza-out server", "bob@bravo.test stanza-in client",
        ] {
            #expect(hops.contains(hop), "\(hop) not in \(hops)")
        }
        let connections = Set(sink.connections.map(\.id))
        #expect(sink.events.filter { $0.stanza != nil && $0.connection != nil }.allSatisfy { connections.contains($0.connection!) })
        // Hops are not extra flows: a hops trace compares clean with a plain one.
        let plain = try await Self.run(Self.topology())
        #expect(TraceComparison.differences(expected: plain.events, actual: sink.events, tolerance: .seconds(1)) == [])
        #expect(TraceComparison.connectionDifferences(
            expected: .init(connections: plain.connections, events: plain.events),
            actual: .init(connections: sink.connections, events: sink.events)) == [])
    }

    @Test func aChangedAuthenticationMethodIsNamedPerConnection() async throws {
        let external = try await Self.run(Self.topology())
        let dialback = try await Self.run(Self.topology(dialbackOnly: true))
        let differences = TraceComparison.connectionDifferences(
            expected: .init(connections: external.connections, events: external.events),
            actual: .init(connections: dialback.connections, events: dialback.events)
        )
        #expect(differences.contains { $0.hasPrefix("connections alpha.test s2s-out bravo.test: negotiated [") && $0.contains("> sasl auth EXTERNAL") && $0.hasSuffix("when recorded, not now") }, "\(differences)")
        #expect(differences.contains { $0.hasPrefix("connections alpha.test s2s-out bravo.test: negotiates [") && $0.contains("> dialback db:result alpha.test -> bravo.test") }, "\(differences)")
        #expect(!differences.contains { $0.contains(" c2s ") }, "c2s did not change: \(differences)")
    }
}
