import Foundation
import Lab
import Testing
import Topology
import Trace

/// `replay --check`: a recording re-run on this build agrees with itself,
/// and a deliberate behaviour change is caught and named.
@Suite struct LabCheckTests {
    static func record(_ name: String, into directory: URL) async throws -> String {
        let path = directory.appendingPathComponent("\(name).sqlite").path
        let topology = try TopologyLoader.load(file: ExampleTopologyTests.directory.appendingPathComponent("\(name).yaml").path)
        let recorder = try TraceRecorder(path: path, run: RunHeader(
            version: "test", topologyName: topology.name, topologyText: topology.sourceText, seed: topology.seed, startedAt: Date()
        ))
        let summary = try await Lab.run(topology, options: Lab.Options(trace: recorder))
        try await recorder.finish(outcome: summary.passed ? "passed" : "failed", duration: .seconds(1))
        return path
    }

    @Test func aRecordingChecksCleanAndAChangedBehaviourIsNamed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try await Self.record("dns-outage", into: directory)

        let clean = try await Lab.check(recordingAt: path)
        #expect(clean.differences == [])
        #expect(clean.summary.passed)

        var changed = Lab.Options()
        changed.changeBehaviourForTesting = true
        let caught = try await Lab.check(recordingAt: path, options: changed)
        #expect(!caught.differences.isEmpty)
        #expect(caught.differences.contains { $0.contains("alice@alpha.test -> bob@bravo.test") && $0.contains("[changed]") }, "\(caught.differences)")
    }

    @Test func flowsIgnoreInterleavingButNotContent() {
        func out(_ id: String, _ body: String, at time: UInt64) -> TraceEvent {
            TraceEvent(time: time, node: "a@x.test", kind: .stanzaOut, stanza: TraceStanza(name: "message", type: "chat", to: "b@y.test", id: id),
                       detail: "<message><body>\(body)</body></message>")
        }
        func arrive(_ id: String, at time: UInt64) -> TraceEvent {
            TraceEvent(time: time, node: "b@y.test", kind: .stanzaIn, stanza: TraceStanza(name: "message", type: "chat", from: "a@x.test/r1", id: id),
                       detail: "<message/>")
        }
        let unrelated = TraceEvent(time: 5, node: "c@z.test", kind: .stanzaOut, stanza: TraceStanza(name: "presence"), detail: "<presence/>")
        let recorded = [out("1", "hi", at: 0), arrive("1", at: 10_000_000), unrelated]
        let interleavedOtherwise = [unrelated, out("1", "hi", at: 0), arrive("1", at: 12_000_000)]
        #expect(TraceComparison.differences(expected: recorded, actual: interleavedOtherwise, tolerance: .milliseconds(5)) == [])
        let slower = [out("1", "hi", at: 0), arrive("1", at: 900_000_000)]
        #expect(TraceComparison.differences(expected: recorded, actual: slower, tolerance: .milliseconds(100)).first?.contains("took 10 ms, now 900 ms") == true)
        let lost = [out("1", "hi", at: 0)]
        #expect(TraceComparison.differences(expected: recorded, actual: lost, tolerance: .seconds(1)) == [
            "messages a@x.test -> b@y.test: #1 was 1 (chat) 'hi' delivered, now 1 (chat) 'hi' lost",
        ])
    }
}
