import Testing
import Topology

@Suite struct DefaultsTests {
    @Test func builtInDefaultsWhenNothingIsGiven() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: alpha.test}]
            clients: [{jid: alice@alpha.test}]
            """)
        #expect(topology.servers == [ServerSpec(domain: "alpha.test", location: topology.servers[0].location)])
        let alice = try #require(topology.clients.first)
        #expect(alice.password == "secret")
        #expect(alice.mechanism == nil)
        #expect(alice.resource == nil)
        #expect(alice.priority == 0)
        #expect(alice.initialPresence == PresenceSpec())
        #expect(alice.connectAtStart)
        #expect(topology.scenario == Scenario())
        #expect(topology.scenario.duration == .seconds(10))
        #expect(topology.dns == DNSSpec())
        #expect(topology.links.isEmpty)
        #expect(topology.summary == nil)
    }

    @Test func defaultsApplyToEveryServerAndServersOverrideKeyByKey() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            defaults:
              tls: disabled
              sasl: [PLAIN]
              s2s: {external: false, bidi: true}
              stream_management: false
              resource_conflict: assign-different
              limits: {max_auth_attempts: 5, offline_messages: 7}
            servers:
              - domain: alpha.test
              - domain: bravo.test
                tls: optional
                s2s: {dialback: true, external: true}
                limits: {offline_messages: 0}
            """)
        let alpha = try #require(topology.server("alpha.test"))
        #expect(alpha.tls == .disabled)
        #expect(alpha.saslMechanisms == ["PLAIN"])
        #expect(alpha.s2s == S2SMethods(external: false, dialback: true, bidi: true))
        #expect(!alpha.streamManagement.enabled)
        #expect(alpha.resourceConflict == .assignDifferent)
        #expect(alpha.limits == ServerLimits(maxAuthAttempts: 5, offlineMessages: 7))
        let bravo = try #require(topology.server("bravo.test"))
        #expect(bravo.tls == .optional)
        #expect(bravo.saslMechanisms == ["PLAIN"])
        // s2s and limits merge key by key: bidi and max_auth_attempts still come from defaults.
        #expect(bravo.s2s == S2SMethods(external: true, dialback: true, bidi: true))
        #expect(bravo.limits == ServerLimits(maxAuthAttempts: 5, offlineMessages: 0))
    }

    @Test func passwordlessMechanismsGetNoDefaultPassword() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: alpha.test}]
            clients:
              - {jid: anon@alpha.test, mechanism: ANONYMOUS}
              - {jid: cert@alpha.test, mechanism: EXTERNAL}
              - {jid: scram@alpha.test, mechanism: SCRAM-SHA-1}
            """)
        #expect(topology.clients.map(\.password) == [nil, nil, "secret"])
    }

    @Test func sendDefaultsToIdFromItsLineOneMessageNoInterval() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: alpha.test}]
            clients: [{jid: alice@alpha.test}, {jid: bob@alpha.test}]
            scenario:
              steps:
                - at: 1s
                  send: {from: alice@alpha.test, to: bob@alpha.test, body: hi}
              expect:
                - delivered: {id: m7, within: 1s}
            """)
        #expect(topology.scenario.steps.map(\.action) == [
            .sendMessage(from: "alice@alpha.test", to: "bob@alpha.test", body: "hi", id: "m7", count: 1, interval: .zero),
        ])
    }

    @Test func optionalSectionsMayBeEmpty() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            defaults:
            servers: [{domain: alpha.test}]
            external:
            dns:
            links:
            clients:
            scenario:
            """)
        #expect(topology.servers.count == 1)
        #expect(topology.externalDomains.isEmpty)
        #expect(topology.clients.isEmpty)
        #expect(topology.scenario.duration == .seconds(10))
    }

    @Test func namesAreStoredPrepared() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: Alpha.TEST}]
            clients: [{jid: Alice@alpha.test}]
            scenario:
              steps: [{at: 1s, drop_connection: ALICE@ALPHA.TEST}]
            """)
        #expect(topology.servers.map(\.domain) == ["alpha.test"])
        #expect(topology.clients.map(\.name) == ["alice@alpha.test"])
        #expect(topology.scenario.steps.map(\.action) == [.dropConnection(client: "alice@alpha.test")])
    }
}
