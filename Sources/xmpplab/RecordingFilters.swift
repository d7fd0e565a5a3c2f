import ArgumentParser
import Foundation
import LabNet
import Topology
import Trace

/// The event filters `inspect`, `replay` and `export` share.
struct RecordingFilters: ParsableArguments {
    @Option(help: "From this scenario time (e.g. 1.5s).")
    var from: String?

    @Option(help: "Up to this scenario time.")
    var to: String?

    @Option(help: "Only events of this node (a domain, a client's JID, a link, dns).")
    var node: String?

    @Option(help: "Only events of this kind (stanza-in, stanza-out, dns-query, step, fault, expectation, …).")
    var kind: String?

    @Option(help: "Only events of this connection (its id in the connections table, shown as #N).")
    var connection: UInt64?

    /// Opens `path` and reads the events these filters select (`limit` + 1 at most, to tell "more" apart).
    func events(in reader: TraceReader, limit: Int?) throws -> [RecordedEvent] {
        let eventKind = try kind.map { name -> TraceEventKind in
            guard let kind = TraceEventKind(rawValue: name) else {
                throw ValidationError("unknown kind '\(name)' (one of: \(TraceEventKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return kind
        }
        let window = try [from, to].map { text -> UInt64? in
            guard let text else { return nil }
            guard let duration = DurationText.parse(text) else { throw ValidationError("bad time '\(text)' (e.g. 250ms, 2s)") }
            return duration.clampedNanoseconds
        }
        return try reader.events(from: window[0], to: window[1], node: node, kind: eventKind, connection: connection, limit: limit.map { $0 + 1 })
    }

    static func open(_ path: String) throws -> TraceReader {
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no recording at \(path)") }
        // A recording cut off (killed run) lacks its event indexes: build them
        // when the file may be written, else read it without (slower).
        _ = try? TraceSchema.buildMissingIndexes(path: path)
        return try TraceReader(path: path)
    }
}

extension RecordedEvent {
    /// One readable timeline line.
    var line: String {
        let time = String(format: "%10.3fs", Double(event.time) / 1e9)
        let detail = event.detail.count > 160 ? String(event.detail.prefix(157)) + "..." : event.detail
        var on = ""
        if let connection = event.connection {
            on = "#\(connection) " + (event.direction == .incoming ? "< " : event.direction == .outgoing ? "> " : "")
        }
        return "\(time)  \(event.node.padding(22))\(event.kind.rawValue.padding(16))\(on)\(detail)"
    }
}

extension TraceConnection {
    /// One readable line: id, kind, ends, how it negotiated, what it carried, how it ended.
    var line: String {
        var flags: [String] = []
        if tls { flags.append("TLS") }
        if let authMethod { flags.append(authMethod) }
        if dialback, authMethod != "dialback" { flags.append("dialback") }
        if bidi { flags.append("bidi") }
        if streamManagement { flags.append("SM") }
        let opened = String(format: "%.3fs", Double(openedAt) / 1e9)
        let closed = closedAt.map { String(format: "%.3fs", Double($0) / 1e9) } ?? "open"
        let arrow = kind == .s2sOut ? "->" : "<-"
        return "#\(id)".padding(6) + kind.rawValue.padding(8) + "\(node) \(arrow) \(peer ?? "?")".padding(44)
            + (flags.isEmpty ? "-" : flags.joined(separator: " ")).padding(28)
            + "stanzas \(stanzasIn) in / \(stanzasOut) out, \(bytesIn) / \(bytesOut) B; \(opened)–\(closed) \(closeReason ?? "")"
    }
}
