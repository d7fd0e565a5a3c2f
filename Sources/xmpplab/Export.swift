import ArgumentParser
import Foundation
import Trace

/// `xmpplab export REC --format …`
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a recording: stanza flows as a sequence diagram (mermaid, plantuml), the topology as a Graphviz graph (dot), or the events as JSON lines or CSV."
    )

    @Argument(help: "Recording (SQLite file written by `run --record`).")
    var recording: String

    @Option(help: "mermaid | plantuml | dot | json | csv")
    var format: String

    @OptionGroup var filters: RecordingFilters

    func run() async throws {
        guard let format = TraceExport.Format(rawValue: format) else {
            throw ValidationError("unknown format '\(format)' (mermaid, plantuml, dot, json, csv)")
        }
        let reader = try RecordingFilters.open(recording)
        switch format {
        case .dot:
            print(TraceExport.dot(nodes: try reader.nodes(), metrics: try reader.metrics(), connections: try reader.connections()))
        case .json:
            print(TraceExport.jsonLines(try filters.events(in: reader, limit: nil)))
        case .csv:
            print(TraceExport.csv(try filters.events(in: reader, limit: nil)))
        case .mermaid, .plantuml:
            print(TraceExport.sequenceDiagram(try filters.events(in: reader, limit: nil), format: format))
        }
    }
}
