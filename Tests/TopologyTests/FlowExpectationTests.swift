import Testing
import Topology

/// `no_stanza_lost` with `flows` (clients, `*`, groups) and `duplicates`.
@Suite struct FlowExpectationTests {
    private func expectation(_ value: String) throws -> ExpectationKind? {
        let topology = try TopologyLoader.parse(TestSupport.head + """
            scenario:
              expect:
                - no_stanza_lost: \(value)
            """)
        return topology.scenario.expectations.first?.kind
    }

    @Test func theSwitchFormsKeepTheirMeaning() throws {
        #expect(try expectation("true") == .noStanzaLost(requireDelivery: false, flows: [], allowDuplicates: true))
        #expect(try expectation("false") == nil)
        #expect(try expectation("{delivered: true}") == .noStanzaLost(requireDelivery: true))
    }

    @Test func flowsNameClientsGroupsAndAnyone() throws {
        let kind = try expectation("""
            {duplicates: false, flows: [{from: alice@alpha.test, to: bob@bravo.test}, {from: group:team, to: "*"}, {to: [bob@bravo.test, group:team]}]}
            """)
        #expect(kind == .noStanzaLost(requireDelivery: false, flows: [
            MessageFlow(from: ["alice@alpha.test"], to: ["bob@bravo.test"]),
            MessageFlow(from: ["carol@alpha.test"], to: ["*"]),
            MessageFlow(from: ["*"], to: ["bob@bravo.test", "carol@alpha.test"]),
        ], allowDuplicates: false))
    }

    @Test func aFlowMatchesItsSendersAndRecipients() {
        let flow = MessageFlow(from: ["alice@alpha.test"], to: ["*"])
        #expect(flow.contains(from: "alice@alpha.test", to: "nobody@bravo.test"))
        #expect(!flow.contains(from: "bob@bravo.test", to: "alice@alpha.test"))
        #expect(MessageFlow(to: ["bob@bravo.test"]).contains(from: "carol@alpha.test", to: "bob@bravo.test"))
        #expect(!MessageFlow(to: ["bob@bravo.test"]).contains(from: "carol@alpha.test", to: "alice@alpha.test"))
    }

    @Test func badFlowsAreLocated() {
        #expect(TestSupport.issues(TestSupport.head + #"""
            scenario:
              expect:
                - no_stanza_lost: {flows: [{from: zed@alpha.test}]}
                - no_stanza_lost: {flows: [{to: group:nobody}]}
                - no_stanza_lost: {flows: []}
                - no_stanza_lost: {flows: [{}], duplicates: maybe}
                - no_stanza_lost: {flows: [{from: alice@alpha.test, by: 1s}]}
            """#) == [
            "t.yaml:12:39: flow names unknown client 'zed@alpha.test'",
            "t.yaml:13:37: flow names unknown group 'nobody'",
            "t.yaml:14:31: flows needs at least one flow {from, to} (leave flows out for every message)",
            "t.yaml:15:32: flow needs at least one of from, to",
            "t.yaml:15:49: expected true or false, got the string 'maybe'",
            "t.yaml:16:57: unknown key 'by' in flow (expected one of: from, to)",
        ])
    }
}
