import Foundation
import Lab
import Testing
import Topology

/// Every topology shipped in `Topologies/` runs with all its expectations met.
@Suite struct ExampleTopologyTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Topologies")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func theExamplesAreThere() {
        #expect(Self.files.contains("default.yaml"))
    }

    @Test(arguments: files)
    func runsWithEveryExpectationMet(_ name: String) async throws {
        let topology = try TopologyLoader.load(file: Self.directory.appendingPathComponent(name).path)
        let summary = try await Lab.run(topology)
        #expect(summary.problems == [], "\(name)")
        for result in summary.expectations {
            #expect(result.passed, "\(name): \(result.expectation) — \(result.detail) [\(result.location)]")
        }
        #expect(summary.passed)
    }
}
