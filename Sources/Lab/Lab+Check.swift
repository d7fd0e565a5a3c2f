import Foundation
import Topology
import Trace

extension Lab {
    /// What `replay --check` found.
    public struct CheckResult: Sendable {
        /// The verdicts of the new run.
        public var summary: RunSummary
        /// Differences in the stanza flows and in the expectations' verdicts;
        /// empty when the new run agrees with the recording.
        public var differences: [String]
    }

    /// Runs the topology stored in the recording at `path` again with its
    /// seed on this build, and compares the new trace with the recorded one
    /// (`TraceComparison`), and the expectations' verdicts.
    public static func check(recordingAt path: String, tolerance: Duration = .seconds(1), options: Options = Options()) async throws -> CheckResult {
        let reader = try TraceReader(path: path)
        guard let header = try reader.header() else { throw LabError("\(path) holds no run") }
        let topology = try TopologyLoader.parse(header.topologyText, file: "\(path) (recorded topology)")
        let recorded = try reader.events().map(\.event)
        let recordedVerdicts = try reader.expectations()
        let sink = MemoryTraceSink()
        var options = options
        options.trace = sink
        let summary = try await run(topology, options: options)
        var differences = TraceComparison.differences(
            expected: .init(connections: try reader.connections(), events: recorded),
            actual: .init(connections: sink.connections, events: sink.events), tolerance: tolerance
        )
        for (index, verdict) in recordedVerdicts.enumerated() where index < summary.expectations.count {
            let now = summary.expectations[index]
            if verdict.passed != now.passed {
                differences.append("expectation \(verdict.description): \(verdict.passed ? "passed" : "failed") when recorded, \(now.passed ? "passes" : "fails") now (\(now.detail))")
            }
        }
        if recordedVerdicts.count != summary.expectations.count {
            differences.append("expectations: \(recordedVerdicts.count) recorded, \(summary.expectations.count) now")
        }
        return CheckResult(summary: summary, differences: differences)
    }
}
