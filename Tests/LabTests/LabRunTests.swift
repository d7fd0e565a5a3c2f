import Lab
import Testing
import Topology

/// Whole runs of small topologies built in code, on real loopback TCP.
@Suite struct LabRunTests {
    static func twoDomains(steps: [ScenarioStep], expectations: [ScenarioExpectation], duration: Duration = .seconds(8)) -> Topology {
        Topology(
            name: "two-domains", seed: 7,
            servers: [ServerSpec(domain: "alpha.test"), ServerSpec(domain: "bravo.test")],
            clients: [
                ClientSpec(name: "alice@alpha.test", username: "alice", domain: "alpha.test", password: "a-pw", subscribeTo: ["bob@bravo.test"]),
                ClientSpec(name: "bob@bravo.test", username: "bob", domain: "bravo.test", password: "b-pw"),
            ],
            scenario: Scenario(duration: duration, steps: steps, expectations: expectations)
        )
    }

    @Test func messageCrossesDomainsAndPresenceConverges() async throws {
        let topology = Self.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(100), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "hi", id: "hello", count: 1, interval: .zero)),
                ScenarioStep(at: .milliseconds(100), action: .sendMessage(from: "bob@bravo.test", to: "alice@alpha.test", body: "yo", id: "train", count: 3, interval: .milliseconds(10))),
            ],
            expectations: [
                ScenarioExpectation(.delivered(messageID: "hello", within: .seconds(3))),
                ScenarioExpectation(.delivered(messageID: "train", within: .seconds(3))),
                ScenarioExpectation(.presenceSeen(observer: "alice@alpha.test", of: "bob@bravo.test", show: nil, after: .zero, within: .seconds(5))),
                ScenarioExpectation(.noStanzaLost(requireDelivery: true)),
            ]
        )
        let summary = try await Lab.run(topology)
        #expect(summary.problems == [])
        for result in summary.expectations {
            #expect(result.passed, "\(result.expectation): \(result.detail)")
        }
        #expect(summary.passed)
        #expect(summary.messages.sent == 4)
        #expect(summary.messages.delivered == 4)
        #expect(summary.latency.map(\.flow) == ["alpha.test -> bravo.test", "bravo.test -> alpha.test"])
        #expect(summary.presence.expectedPairs == 1)
        #expect(summary.presence.convergedPairs == 1)
        #expect(summary.s2sByMethod.values.reduce(0, +) >= 1)
    }

    @Test func failedExpectationFailsTheRun() async throws {
        let topology = Self.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(50), action: .sendMessage(from: "alice@alpha.test", to: "nobody@bravo.test", body: "?", id: "lost", count: 1, interval: .zero)),
            ],
            expectations: [ScenarioExpectation(.delivered(messageID: "lost", within: .milliseconds(500)))],
            duration: .seconds(2)
        )
        let summary = try await Lab.run(topology)
        #expect(!summary.passed)
        #expect(summary.expectations.first?.passed == false)
    }

    @Test func dnsOutageBouncesWithRemoteServerNotFound() async throws {
        let topology = Self.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .breakDNS(domain: "bravo.test", failure: .nxdomain, querier: nil)),
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["alice@alpha.test"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(100), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "x", id: "dead", count: 1, interval: .zero)),
            ],
            expectations: [
                ScenarioExpectation(.errorReceived(client: "alice@alpha.test", condition: "remote-server-not-found", messageID: "dead", by: .seconds(3))),
                ScenarioExpectation(.noStanzaLost(requireDelivery: false)),
            ],
            duration: .seconds(4)
        )
        let summary = try await Lab.run(topology)
        for result in summary.expectations {
            #expect(result.passed, "\(result.expectation): \(result.detail)")
        }
        #expect(summary.messages.bounced == 1)
    }
}
