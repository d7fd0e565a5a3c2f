import ArgumentParser
import Foundation
import Topology
import Trace

/// `xmpplab inspect REC`: a recording's header, counts, verdicts and timeline.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a recording: its header, event counts, expectation results and a readable timeline."
    )

    @Argument(help: "Recording (SQLite file written by `run --record`).")
    var recording: String

    @Option(help: "Timeline from this scenario time (e.g. 1.5s).")
    var from: String?

    @Option(help: "Timeline up to this scenario time.")
    var to: String?

    @Option(help: "Only events of this node (a domain, a client's JID, a link, dns).")
    var node: String?

    @Option(help: "Only events of this kind (stanza-in, stanza-out, dns-query, step, fault, expectation, …).")
    var kind: String?

    @Option(help: "At most this many timeline lines (0: none).")
    var limit: Int = 200

    func run() async throws {
        guard FileManager.default.fileExists(atPath: recording) else {
            throw ValidationError("no recording at \(recording)")
        }
        let reader = try TraceReader(path: recording)
        let eventKind = try kind.map { name -> TraceEventKind in
            guard let kind = TraceEventKind(rawValue: name) else {
                throw ValidationError("unknown kind '\(name)' (one of: \(TraceEventKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return kind
        }
        let window = try [from, to].map { text -> UInt64? in
            guard let text else { return nil }
            guard let duration = DurationText.parse(text) else { throw ValidationError("bad time '\(text)' (e.g. 250ms, 2s)") }
            let (seconds, attoseconds) = duration.components
            return UInt64(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
        }
        if let run = try reader.run() {
            let header = run.header
            print("\(header.topologyName), seed \(header.seed), xmpplab \(header.version), started \(header.startedAt)")
            let outcome = run.outcome ?? "unfinished (the run was cut off)"
            let duration = run.duration.map { String(format: "%.3fs", Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) } ?? "-"
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
        guard limit > 0 else { return }
        print("")
        print("Timeline")
        let events = try reader.events(from: window[0], to: window[1], node: node, kind: eventKind, limit: limit + 1)
        for recorded in events.prefix(limit) {
            let event = recorded.event
            let time = String(format: "%10.3fs", Double(event.time) / 1e9)
            let detail = event.detail.count > 160 ? String(event.detail.prefix(157)) + "..." : event.detail
            print("\(time)  \(event.node.padding(22))\(event.kind.rawValue.padding(12))\(detail)")
        }
        if events.count > limit {
            print("… more events: raise --limit or narrow with --from/--to/--node/--kind")
        }
    }
}
