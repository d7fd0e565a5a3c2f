import ArgumentParser
import Foundation
import Lab
import Topology
import Trace

/// `xmpplab run FILE`: builds the world, plays the scenario, prints the summary.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a topology's scenario, check its expectations and print a summary (exit 1 if one fails)."
    )

    @Argument(help: "Topology file (YAML).")
    var file: String = "Topologies/default.yaml"

    @Flag(help: "Print the summary as one JSON document instead of text.")
    var json = false

    @Option(help: "Record the run to this SQLite file (a directory, e.g. Recordings/, gets <topology>-<UTC time>.sqlite).")
    var record: String?

    @Option(help: "What a recording keeps of the servers' connections: 'connections' (each connection and its negotiation; stanzas where the clients send and receive them) or 'hops' (also every stanza and ack at every server hop).")
    var recordDetail: String = RecordingDetail.connections.rawValue

    func run() async throws {
        guard let detail = RecordingDetail(rawValue: recordDetail) else {
            throw ValidationError("bad --record-detail '\(recordDetail)' (one of: \(RecordingDetail.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let topology = try loadTopology(file)
        let recorder = try record.map { try Recording.start(at: $0, topology: topology) }
        let live = !json && standardOutputIsTerminal
        var options = Lab.Options()
        options.recordingDetail = detail
        if let recorder { options.trace = recorder.recorder }
        if live {
            options.progress = { @Sendable (progress: Lab.Progress) in printProgressLine(progress.line) }
        }
        let summary: RunSummary
        do {
            summary = try await Lab.run(topology, options: options)
        } catch {
            if live { printProgressLine("") ; print("") }
            printError("\(file): \(error)")
            try? await recorder?.recorder.finish(outcome: "error: \(error)", duration: .zero)
            throw ExitCode(2)
        }
        try await recorder?.recorder.finish(
            outcome: summary.passed ? "passed" : "failed", duration: .milliseconds(Int64(summary.scenarioSeconds * 1000))
        )
        if live { printProgressLine("") }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(SummaryReport(summary: summary).text)
        }
        if let recorder { printError("recorded to \(recorder.path)") }
        if !summary.passed { throw ExitCode(1) }
    }
}

extension Lab.Progress {
    var line: String {
        let time = String(format: "%.1f/%.0fs", scenarioTime.seconds, duration.seconds)
        return "t=\(time)  servers \(serversUp)/\(servers)  clients online \(clientsOnline)/\(clients)  \(Int(stanzasPerSecond)) stanzas/s"
    }
}
