import Testing
import Topology

@Suite struct ClientCountTests {
    @Test func countExpandsNumberedClientsKeepingTheTemplateLocation() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients:
              - jid: "user{n}@bravo.test"
                count: 200
                password: "pw{n}"
                resource: "res{n}"
                priority: 3
                groups: [crowd]
            """)
        #expect(topology.clients.count == 200)
        #expect(topology.clients.first?.name == "user1@bravo.test")
        #expect(topology.clients.last?.name == "user200@bravo.test")
        let user42 = try #require(topology.client(named: "user42@bravo.test"))
        #expect(user42.username == "user42")
        #expect(user42.password == "pw42")
        #expect(user42.resource == "res42")
        #expect(user42.priority == 3)
        #expect(user42.groups == ["crowd"])
        #expect(Set(topology.clients.map(\.location)).count == 1)
        #expect(user42.location.line == 5)
        #expect(user42.location.column == 5)
    }

    @Test func countedClientsCanBeNamedInSteps() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients: [{jid: "u{n}@bravo.test", count: 3, connect: later}]
            scenario:
              steps: [{at: 1s, connect: [u2@bravo.test, u3@bravo.test]}]
            """)
        #expect(topology.clients.allSatisfy { !$0.connectAtStart })
        #expect(topology.scenario.steps.first?.action == .connect(clients: ["u2@bravo.test", "u3@bravo.test"]))
    }

    @Test func countBelowOneIsAnError() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients:
              - {jid: "u{n}@bravo.test", count: 0}
            """) == ["t.yaml:5:37: count must be at least 1, got 0"])
    }

    @Test func countWithoutNumberInJIDIsAnError() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients:
              - jid: bob@bravo.test
                count: 5
            """) == ["t.yaml:6:12: count needs '{n}' in jid to number the clients"])
    }

    @Test func numberInJIDWithoutCountIsAnError() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients:
              - jid: "u{n}@bravo.test"
            """) == ["t.yaml:5:10: '{n}' in jid needs count"])
    }

    @Test func expandedNameCollidingWithAnExplicitClientIsADuplicate() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients:
              - jid: u2@bravo.test
              - {jid: "u{n}@bravo.test", count: 3}
            """) == ["t.yaml:6:11: duplicate client 'u2@bravo.test' (first at line 5)"])
    }

    @Test func moreThanTheClientLimitIsRefusedWithoutExpanding() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: bravo.test}]
            clients:
              - {jid: "a{n}@bravo.test", count: 60000}
              - {jid: "b{n}@bravo.test", count: 50000}
            """) == ["t.yaml:6:5: too many clients: this count makes 110000, more than 100000"])
    }
}
