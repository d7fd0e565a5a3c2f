import Lab
import Testing
import Topology

/// The topology's `dns:` section as the servers see it.
@Suite struct LabDNSTests {
    static func topology(_ dns: DNSSpec, expectations: [ScenarioExpectation]) -> Topology {
        var topology = LabRunTests.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(100), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "hi", id: "m", count: 1, interval: .zero)),
            ],
            expectations: expectations, duration: .seconds(5)
        )
        // No subscription: the message is the first stanza to cross.
        topology.clients[0].subscribeTo = []
        topology.dns = dns
        return topology
    }

    @Test func aDeadFirstTargetIsSkippedForTheNextInPriorityOrder() async throws {
        let records = DomainRecords(domain: "bravo.test", srv: [
            SRVSpec(priority: 0, weight: 0, target: "dead.bravo.test", port: .dead),
            SRVSpec(priority: 10, weight: 0, target: "bravo.test", port: .server("bravo.test")),
        ])
        let summary = try await Lab.run(Self.topology(
            DNSSpec(records: [records]), expectations: [ScenarioExpectation(.delivered(messageID: "m", within: .seconds(3)))]
        ))
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
    }

    @Test func onlyDeadTargetsBounceWithRemoteServerNotFound() async throws {
        let records = DomainRecords(domain: "bravo.test", srv: [
            SRVSpec(priority: 0, weight: 0, target: "dead.bravo.test", port: .dead),
        ])
        let summary = try await Lab.run(Self.topology(
            DNSSpec(records: [records]),
            expectations: [ScenarioExpectation(.errorReceived(client: "alice@alpha.test", condition: "remote-server-not-found", messageID: "m", by: .seconds(3)))]
        ))
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
    }

    @Test func serviceNotOfferedBounces() async throws {
        let summary = try await Lab.run(Self.topology(
            DNSSpec(records: [DomainRecords(domain: "bravo.test", srv: [], notOffered: true)]),
            expectations: [ScenarioExpectation(.errorReceived(client: "alice@alpha.test", condition: "remote-server-not-found", messageID: "m", by: .seconds(3)))]
        ))
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
    }

    @Test func aPerQuerierFailureOnlyHitsThatQuerier() async throws {
        var topology = Self.topology(
            DNSSpec(failures: [DNSFailureSpec(domain: "alpha.test", failure: .servfail, querier: "bravo.test")]),
            expectations: [
                ScenarioExpectation(.delivered(messageID: "m", within: .seconds(3))),
                ScenarioExpectation(.errorReceived(client: "bob@bravo.test", condition: "remote-server-not-found", messageID: "back", by: .seconds(3))),
            ]
        )
        topology.scenario = Scenario(duration: .seconds(5), steps: topology.scenario.steps + [
            ScenarioStep(at: .milliseconds(200), action: .sendMessage(from: "bob@bravo.test", to: "alice@alpha.test", body: "back", id: "back", count: 1, interval: .zero)),
        ], expectations: topology.scenario.expectations)
        let summary = try await Lab.run(topology)
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
    }
}
