import ArgumentParser
import Foundation
import Lab
import Topology
import Trace

/// `xmpplab inspect REC`: a recording's header, counts, verdicts and timeline.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a recording: its header, event counts, expectation results and a readable timeline."
    )

    @Argument(help: "Recording (SQLite file written by `run --record`).")
    var recording: String

    @OptionGroup var filters: RecordingFilters

    @Option(help: "At most this many timeline lines (0: none).")
    var limit: Int = 200

    @Option(help: "At most this many connection lines (0: none).")
    var connectionLimit: Int = 50

    @Flag(help: "Never page the output (it is paged through $PAGER, default `less -FRX`, on a terminal).")
    var noPager = false

    func run() async throws {
        let reader = try RecordingFilters.open(recording)
        let pager = noPager ? nil : Pager.start()
        defer { pager?.finish() }
        if let run = try reader.run() {
            let header = run.header
            print("\(header.topologyName), seed \(header.seed), xmpplab \(header.version), started \(header.startedAt)")
            let outcome = run.outcome ?? "unfinished (the run was cut off)"
            let duration = run.duration.map { String(format: "%.3fs", $0.seconds) } ?? "-"
            print("outcome: \(outcome); scenario \(duration); schema version \(try reader.schemaVersion())")
        }
        let counts = try reader.countsByKind().sorted { $0.key < $1.key }
        print("events: \(try reader.eventCount()) (" + counts.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
        let expectations = try reader.expectations()
        if !expectations.isEmpty {
            print("")
            print("Expectations")
            for expectation in expectations {
                print("  \(expectation.passed ? "pass" : "FAIL")  \(expectation.description) — \(expectation.detail ?? "")")
            }
        }
        let connections = try reader.connections().filter { filters.node == nil || $0.node == filters.node }
        if !connections.isEmpty, connectionLimit > 0 {
            print("")
            print("Connections (\(connections.count))")
            for connection in connections.prefix(connectionLimit) { print("  " + connection.line) }
            if connections.count > connectionLimit { print("  … more: raise --connection-limit or narrow with --node") }
        }
        guard limit > 0 else { return }
        print("")
        print("Timeline")
        let events = try filters.events(in: reader, limit: limit)
        for recorded in events.prefix(limit) {
            print(recorded.line)
        }
        if events.count > limit {
            print("… more events: raise --limit or narrow with --from/--to/--node/--kind")
        }
    }
}
