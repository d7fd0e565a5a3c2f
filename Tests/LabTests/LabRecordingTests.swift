import Foundation
import Lab
import Testing
import Topology
import Trace

/// A run recorded to SQLite: what is in the file, and what is not.
@Suite struct LabRecordingTests {
    @Test func aRecordedRunReadsBackWithoutItsPasswords() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.sqlite").path
        let file = ExampleTopologyTests.directory.appendingPathComponent("dns-outage.yaml").path
        let topology = try TopologyLoader.load(file: file)
        let recorder = try TraceRecorder(path: path, run: RunHeader(
            version: "test", topologyName: topology.name, topologyText: topology.sourceText, seed: topology.seed, startedAt: Date()
        ))
        let summary = try await Lab.run(topology, options: Lab.Options(trace: recorder))
        try await recorder.finish(outcome: summary.passed ? "passed" : "failed", duration: .seconds(1))
        #expect(summary.passed)

        let reader = try TraceReader(path: path)
        #expect(try reader.run()?.outcome == "passed")
        #expect(try reader.expectations().count == topology.scenario.expectations.count)
        #expect(try reader.faults().map(\.description) == ["bravo.test: nxdomain for alpha.test", "bravo.test restored"])
        #expect(try reader.nodes().map(\.name).sorted() == ["alice@alpha.test", "alpha.test", "alpha.test <-> bravo.test", "bob@bravo.test", "bravo.test", "dns"])
        #expect(try reader.metrics().contains { $0.name == "messages.bounced" && $0.value == 1 })
        let bounce = try reader.events(kind: .stanzaIn).first { $0.event.stanza?.type == "error" }
        #expect(bounce?.event.detail.contains("remote-server-not-found") == true)

        // No password of the topology is anywhere in the file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for client in topology.clients {
            let password = try #require(client.password)
            #expect(bytes.range(of: Data(password.utf8)) == nil, "\(password) is in the recording")
        }
        // The stored topology still parses, with its passwords redacted.
        let stored = try #require(try reader.header()?.topologyText)
        let replayed = try TopologyLoader.parse(stored, file: "recorded")
        #expect(replayed.clients.allSatisfy { $0.password == TraceRedaction.redactedPassword })
    }
}
