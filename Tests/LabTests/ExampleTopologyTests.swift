import Foundation
import Lab
import Testing
import Topology

/// Every topology shipped in `Topologies/` runs with all its expectations met,
/// except the long ones (``longRunning``), which a short version stands in for.
@Suite struct ExampleTopologyTests {
    /// `soak.yaml` runs 75 seconds and reaches past today's known limits
    /// (no s2s stream management, no durability across a crash), so it is
    /// run by hand (`make run TOPOLOGY=Topologies/soak.yaml`); `SoakTests`
    /// runs a short version of it.
    static let longRunning: Set<String> = ["soak.yaml"]

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Topologies")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !longRunning.contains($0) }.sorted()
    }()

    @Test func theExamplesAreThere() {
        #expect(Self.files.contains("default.yaml"))
        for name in Self.longRunning {
            #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent(name).path), "\(name)")
        }
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
