import Lab
import Testing
import Topology

/// Faults a scenario injects, on real loopback TCP.
@Suite struct LabFaultTests {
    @Test func crashedAndRestartedServerIsFederatedWithAgain() async throws {
        let topology = LabRunTests.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(50), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "before", id: "before", count: 1, interval: .zero)),
                ScenarioStep(at: .milliseconds(50), action: .wait(.delivered(messageID: "before"), timeout: .seconds(3))),
                ScenarioStep(at: .milliseconds(1500), action: .crashServer(domain: "bravo.test")),
                ScenarioStep(at: .milliseconds(2500), action: .restartServer(domain: "bravo.test")),
                ScenarioStep(at: .milliseconds(2600), action: .connect(clients: ["bob@bravo.test"])),
                ScenarioStep(at: .milliseconds(2600), action: .wait(.online(clients: ["bob@bravo.test"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(2700), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "after", id: "after", count: 1, interval: .zero)),
            ],
            expectations: [
                ScenarioExpectation(.delivered(messageID: "before", within: .seconds(2))),
                ScenarioExpectation(.delivered(messageID: "after", within: .seconds(3))),
                ScenarioExpectation(.connectionCount(domain: "bravo.test", at: .milliseconds(2000), c2s: 0, s2s: 0)),
                ScenarioExpectation(.presenceSeen(observer: "alice@alpha.test", of: "bob@bravo.test", show: nil, after: .milliseconds(2600), within: .seconds(3))),
            ],
            duration: .seconds(10)
        )
        let summary = try await Lab.run(topology)
        #expect(summary.problems == [])
        for result in summary.expectations {
            #expect(result.passed, "\(result.expectation): \(result.detail)")
        }
    }
}
