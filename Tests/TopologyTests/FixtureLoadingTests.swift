import Foundation
import Testing
import Topology

/// Loading files (from the test bundle's `Fixtures`) rather than strings.
@Suite struct FixtureLoadingTests {
    @Test func minimalFixtureLoads() throws {
        let path = try TestSupport.fixturePath("minimal")
        let topology = try TopologyLoader.load(file: path)
        #expect(topology.name == "minimal")
        #expect(topology.seed == 1)
        #expect(topology.servers.map(\.domain) == ["alpha.test"])
        #expect(topology.sourceFile == path)
        #expect(topology.servers.first?.location == .init(file: path, line: 4, column: 5))
    }

    @Test func issuesNameTheFileAsGiven() throws {
        let path = try TestSupport.fixturePath("invalid")
        let error = #expect(throws: TopologyError.self) { try TopologyLoader.load(file: path) }
        #expect(error?.issues.map(\.description) == ["\(path):7:15: link names the same domain twice: 'alpha.test'"])
    }

    @Test func missingFileIsAnIssue() {
        let error = #expect(throws: TopologyError.self) { try TopologyLoader.load(file: "/nonexistent/topology.yaml") }
        #expect(error?.issues.count == 1)
        #expect(error?.issues.first?.location == .init(file: "/nonexistent/topology.yaml", line: 1, column: 1))
        #expect(error?.issues.first?.message.hasPrefix("cannot read the file:") == true)
    }
}
