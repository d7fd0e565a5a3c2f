import Testing
import Topology

@Suite struct TopologyModelTests {
    @Test func domainPairIsUnordered() {
        #expect(DomainPairSpec("bravo.test", "alpha.test") == DomainPairSpec("alpha.test", "bravo.test"))
        #expect(DomainPairSpec("bravo.test", "alpha.test").first == "alpha.test")
    }

    @Test func stepsAreKeptInTimeOrderThenFileOrder() {
        let scenario = Scenario(steps: [
            ScenarioStep(at: .seconds(2), action: .crashServer(domain: "a")),
            ScenarioStep(at: .seconds(1), action: .crashServer(domain: "b")),
            ScenarioStep(at: .seconds(2), action: .restartServer(domain: "a")),
        ])
        #expect(scenario.steps.map(\.action) == [
            .crashServer(domain: "b"), .crashServer(domain: "a"), .restartServer(domain: "a"),
        ])
    }
}
