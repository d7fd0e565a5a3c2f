import ArgumentParser
import Foundation
import Topology
import Trace

/// `xmpplab diff A B`: the comparison `replay --check` makes, between two recordings.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two recordings by stanza flow (messages per sender and recipient, presence per observer), latency and how each connection negotiated; exit 1 on a difference."
    )

    @Argument(help: "The first recording.")
    var first: String

    @Argument(help: "The second recording.")
    var second: String

    @Option(help: "How far delivery latencies may differ (e.g. 500ms).")
    var tolerance: String = "1s"

    func run() async throws {
        guard let tolerance = DurationText.parse(tolerance) else { throw ValidationError("bad --tolerance '\(tolerance)'") }
        let a = try RecordingFilters.open(first)
        let b = try RecordingFilters.open(second)
        let differences = TraceComparison.differences(
            expected: .init(connections: try a.connections(), events: try a.events().map(\.event)),
            actual: .init(connections: try b.connections(), events: try b.events().map(\.event)), tolerance: tolerance
        )
        try report(differences, what: "\(first) and \(second)")
    }
}
