import Lab
import Testing
import Topology

@Suite struct DescriptorBudgetTests {
    @Test func countsBothEndsOfEveryLoopbackConnection() {
        let topology = LabRunTests.twoDomains(steps: [], expectations: [])
        let budget = DescriptorBudget(topology: topology, limit: 1000)
        // 2 clients × 2, 2 servers × 2 listeners, one federating pair (alice subscribes to bob): 3 streams × 2.
        #expect(budget.breakdown["c2s"] == 4)
        #expect(budget.breakdown["listeners"] == 4)
        #expect(budget.breakdown["s2s"] == 6)
        #expect(budget.fits)
    }

    @Test func aTopologyThatCannotFitIsRefusedBeforeAnythingStarts() async throws {
        let topology = LabRunTests.twoDomains(steps: [], expectations: [])
        await #expect(throws: LabError.self) {
            _ = try await Lab.run(topology, options: Lab.Options(descriptorLimit: 50))
        }
        do {
            _ = try await Lab.run(topology, options: Lab.Options(descriptorLimit: 50))
        } catch let error as LabError {
            #expect(error.message.contains("file descriptors"))
            #expect(error.message.contains("may open 50"))
        }
    }
}
