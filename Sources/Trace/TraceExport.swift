import Foundation

/// Turns a recording's events into other formats (`xmpplab export`).
public enum TraceExport {
    public enum Format: String, Sendable, CaseIterable {
        case json
        case csv
        case mermaid
        case plantuml
        case dot
    }

    /// One JSON object per line, fields as in the `events` table.
    public static func jsonLines(_ events: [RecordedEvent]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return events.map { recorded in
            let row = EventRow(recorded)
            return (try? String(decoding: encoder.encode(row), as: UTF8.self)) ?? "{}"
        }.joined(separator: "\n")
    }

    /// CSV with a header row (RFC 4180 quoting).
    public static func csv(_ events: [RecordedEvent]) -> String {
        var lines = [EventRow.columns.joined(separator: ",")]
        for recorded in events {
            lines.append(EventRow(recorded).values.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    private static func csvField(_ value: String?) -> String {
        guard let value else { return "" }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The stanza flows as a sequence diagram: one arrow per stanza a client
    /// sent (`stanza-out`) from the client to its addressee, plus faults as
    /// notes. A recording made with `hops` detail (stanzas recorded at the
    /// servers' connections too) shows every hop instead: client to its
    /// server, server to server, server to client.
    public static func sequenceDiagram(_ events: [RecordedEvent], format: Format) -> String {
        let hops = events.contains { $0.event.kind == .stanzaOut && $0.event.connection != nil }
        var participants: [String] = []
        func participant(_ jid: String) -> String {
            let bare = String(jid.split(separator: "/", maxSplits: 1).first ?? Substring(jid))
            if !participants.contains(bare) { participants.append(bare) }
            return bare
        }
        var arrows: [String] = []
        for recorded in events {
            let event = recorded.event
            let at = String(format: "%.3fs", Double(event.time) / 1e9)
            switch event.kind {
            case .stanzaOut:
                guard let stanza = event.stanza else { continue }
                // A server's answer on a stream not yet bound (no `to`): not a flow between participants.
                if hops, event.connection != nil, stanza.to == nil { continue }
                let from = participant(event.node)
                let domain = String(event.node.split(separator: "@").last ?? "")
                let to: String
                if hops, event.connection == nil {
                    to = participant(domain)
                } else if hops, let addressee = stanza.to {
                    // A server hands a stanza to its own client, or to the addressee's domain.
                    let target = String(addressee.split(separator: "/").first?.split(separator: "@").last ?? "")
                    to = participant(target == event.node ? addressee : target)
                } else {
                    to = participant(stanza.to ?? domain)
                }
                let label = "\(at) \(stanza.name)\(stanza.type.map { " \($0)" } ?? "")\(stanza.id.map { " #\($0)" } ?? "")"
                arrows.append(format == .plantuml ? "\(quoted(from)) -> \(quoted(to)) : \(label)" : "\(alias(from))->>\(alias(to)): \(label)")
            case .fault:
                let anchor = participants.first ?? participant(event.node)
                arrows.append(format == .plantuml ? "note over \(quoted(anchor)) : \(at) fault \(event.node): \(event.detail)"
                              : "Note over \(alias(anchor)): \(at) fault \(event.node): \(event.detail)")
            default:
                continue
            }
        }
        if format == .plantuml {
            let declared = participants.map { "participant \(quoted($0))" }
            return (["@startuml"] + declared + arrows + ["@enduml"]).joined(separator: "\n")
        }
        let declared = participants.map { "    participant \(alias($0)) as \($0)" }
        return (["sequenceDiagram"] + declared + arrows.map { "    " + $0 }).joined(separator: "\n")
    }

    /// The topology as a Graphviz graph: servers and external domains as
    /// boxes, clients attached to their domain, links as edges labelled with
    /// their relayed bytes (from the metrics), and the federation as it ran:
    /// per pair of domains, the s2s connections each opened to the other
    /// (how many, how authenticated) and the stanzas they carried.
    public static func dot(
        nodes: [(name: String, kind: TraceNodeKind?)], metrics: [TraceMetric], connections: [TraceConnection] = []
    ) -> String {
        var lines = ["graph topology {", "    node [fontname=\"Helvetica\"];"]
        for node in nodes {
            switch node.kind {
            case .server: lines.append("    \(quoted(node.name)) [shape=box];")
            case .external: lines.append("    \(quoted(node.name)) [shape=box, style=dashed];")
            case .client:
                let domain = String(node.name.split(separator: "@").last ?? "")
                lines.append("    \(quoted(node.name)) [shape=ellipse, fontsize=10];")
                lines.append("    \(quoted(node.name)) -- \(quoted(domain)) [style=dotted];")
            case .link:
                let ends = node.name.components(separatedBy: " <-> ")
                guard ends.count == 2 else { continue }
                let bytes = metrics.first { $0.name == "link.bytes \(node.name)" }?.value
                let label = bytes.map { "\(Int($0)) B" } ?? ""
                lines.append("    \(quoted(ends[0])) -- \(quoted(ends[1])) [label=\(quoted(label)), penwidth=2];")
            case .dns, nil:
                continue
            }
        }
        lines += federationEdges(connections)
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// One dashed edge per pair of domains that federated, labelled per direction.
    private static func federationEdges(_ connections: [TraceConnection]) -> [String] {
        struct Direction { var connections = 0, stanzas = 0, methods: Set<String> = [] }
        var directions: [String: [String: Direction]] = [:]
        for connection in connections where connection.kind == .s2sOut {
            guard let peer = connection.peer, connection.authMethod != nil else { continue }
            var direction = directions[connection.node, default: [:]][peer, default: Direction()]
            direction.connections += 1
            direction.stanzas += connection.stanzasOut + (connection.bidi ? connection.stanzasIn : 0)
            direction.methods.insert(connection.authMethod! + (connection.bidi ? "+bidi" : ""))
            directions[connection.node, default: [:]][peer] = direction
        }
        var pairs: Set<[String]> = []
        for (from, peers) in directions { for to in peers.keys { pairs.insert([from, to].sorted()) } }
        return pairs.sorted { $0.joined() < $1.joined() }.map { pair in
            let label = [(pair[0], pair[1]), (pair[1], pair[0])].compactMap { from, to -> String? in
                guard let d = directions[from]?[to] else { return nil }
                return "\(from) → \(to): \(d.stanzas) stanzas, \(d.connections) s2s (\(d.methods.sorted().joined(separator: ", ")))"
            }.joined(separator: "\n")
            return "    \(quoted(pair[0])) -- \(quoted(pair[1])) [label=\(quoted(label)), style=dashed, fontsize=9];"
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A Mermaid participant id (letters, digits and `_` only).
    private static func alias(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

/// One event as exported (JSON and CSV).
struct EventRow: Encodable {
    static let columns = ["seq", "time_ns", "node", "connection", "direction", "kind", "stanza_name", "stanza_type",
                          "stanza_from", "stanza_to", "stanza_id", "bytes", "detail"]
    var seq: Int64
    var time_ns: UInt64
    var node: String
    var connection: UInt64?
    var direction: String?
    var kind: String
    var stanza_name: String?
    var stanza_type: String?
    var stanza_from: String?
    var stanza_to: String?
    var stanza_id: String?
    var bytes: Int?
    var detail: String

    init(_ recorded: RecordedEvent) {
        let event = recorded.event
        seq = recorded.sequence
        time_ns = event.time
        node = event.node
        connection = event.connection
        direction = event.direction?.rawValue
        kind = event.kind.rawValue
        stanza_name = event.stanza?.name
        stanza_type = event.stanza?.type
        stanza_from = event.stanza?.from
        stanza_to = event.stanza?.to
        stanza_id = event.stanza?.id
        bytes = event.bytes
        detail = event.detail
    }

    var values: [String?] {
        [String(seq), String(time_ns), node, connection.map(String.init), direction, kind, stanza_name, stanza_type,
         stanza_from, stanza_to, stanza_id, bytes.map(String.init), detail]
    }
}
