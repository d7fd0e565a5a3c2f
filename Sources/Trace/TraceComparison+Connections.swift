/// The per-connection half of a comparison.
///
/// Connections are matched by who made them with whom — node, kind (c2s,
/// s2s-in, s2s-out) and peer (the account of a c2s stream, the remote domain
/// of an s2s one) — since their ids and ports differ from run to run. Each
/// is reduced to how it negotiated, in order: TLS, the features offered, the
/// SASL mechanism and its outcome, dialback verdicts, bidi, binding, stream
/// management enabled or resumed (ack counts left out). Within a group the
/// distinct ways are compared as sets: how many times a client reconnected,
/// or which of two racing servers opened the stream first, is timing, not
/// behaviour.
///
/// Timing also decides where a connection is cut (by a fault, or by the end
/// of the run): connections that never became usable — no stanza carried,
/// no stream management, no dialback verdict — are left out, and a way that
/// stops short of another only by answers still in flight (steps received,
/// such as an `<enabled/>` after stanzas were already pipelined) matches it.
/// What cut connections lost shows in the stanza flows.
extension TraceComparison {
    /// A recording's connections and events.
    public struct ConnectionTrace: Sendable {
        public var connections: [TraceConnection]
        public var events: [TraceEvent]

        public init(connections: [TraceConnection], events: [TraceEvent]) {
            self.connections = connections
            self.events = events
        }
    }

    /// Everything a comparison reports: the stanza flows (`differences(expected:actual:tolerance:)`
    /// on the events), then how connections negotiated.
    public static func differences(expected: ConnectionTrace, actual: ConnectionTrace, tolerance: Duration) -> [String] {
        differences(expected: expected.events, actual: actual.events, tolerance: tolerance)
            + connectionDifferences(expected: expected, actual: actual)
    }

    /// Differences in how connections negotiated, in readable form, groups
    /// in sorted order; empty when they agree, or when `expected` has no
    /// connections (a recording made before they were traced).
    public static func connectionDifferences(expected: ConnectionTrace, actual: ConnectionTrace) -> [String] {
        guard !expected.connections.isEmpty else { return [] }
        let (old, new) = (ConnectionWays(expected), ConnectionWays(actual))
        var differences: [String] = []
        for group in Set(old.ways.keys).union(new.ways.keys).sorted() {
            let (was, now) = (old.ways[group] ?? [], new.ways[group] ?? [])
            for way in was.sorted(by: ConnectionWays.order) where !now.contains(where: { ConnectionWays.agree(way, $0) }) {
                differences.append("connections \(group): negotiated [\(way.joined(separator: "; "))] when recorded, not now")
            }
            for way in now.sorted(by: ConnectionWays.order) where !was.contains(where: { ConnectionWays.agree(way, $0) }) {
                differences.append("connections \(group): negotiates [\(way.joined(separator: "; "))] now, never when recorded")
            }
        }
        return differences
    }
}

/// Per (node kind peer) group, the distinct ways its connections negotiated.
struct ConnectionWays {
    /// A way: its steps, each `> kind detail` (sent), `< kind detail`
    /// (received) or `- kind detail` (neither, e.g. TLS established).
    typealias Way = [String]
    var ways: [String: Set<Way>] = [:]

    /// The event kinds that make up a negotiation.
    static let negotiation: Set<TraceEventKind> = [.streamFeatures, .tls, .sasl, .dialback, .bidi, .bind, .smEnable, .smResume]

    init(_ trace: TraceComparison.ConnectionTrace) {
        var steps: [UInt64: Way] = [:]
        for event in trace.events where Self.negotiation.contains(event.kind) {
            guard let id = event.connection else { continue }
            let arrow = event.direction == .incoming ? "<" : event.direction == .outgoing ? ">" : "-"
            steps[id, default: []].append("\(arrow) \(event.kind.rawValue) \(Self.normalise(event.detail))")
        }
        for connection in trace.connections {
            let way = steps[connection.id] ?? []
            let usable = connection.stanzasIn + connection.stanzasOut > 0 || connection.streamManagement
                || way.contains(where: Self.isDialbackVerdict)
            guard usable else { continue }
            let peer = connection.authMethod == "ANONYMOUS" ? "(anonymous)" : connection.peer ?? "?"
            ways["\(connection.node) \(connection.kind.rawValue) \(peer)", default: []].insert(way)
        }
    }

    /// Equal, or one is the other cut short while only answers were still to come.
    static func agree(_ a: Way, _ b: Way) -> Bool {
        guard a != b else { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        return Array(long.prefix(short.count)) == short && long.dropFirst(short.count).allSatisfy { $0.hasPrefix("<") }
    }

    static func order(_ a: Way, _ b: Way) -> Bool {
        a.joined(separator: "; ") < b.joined(separator: "; ")
    }

    static func isDialbackVerdict(_ step: String) -> Bool {
        step.contains("dialback db:") && (step.hasSuffix(" valid") || step.hasSuffix(" invalid") || step.contains(" error "))
    }

    /// Counters (`h=12`) vary with timing; everything else in a negotiation
    /// step is deterministic.
    static func normalise(_ detail: String) -> String {
        guard detail.contains("h=") else { return detail }
        return detail.split(separator: " ").map { $0.hasPrefix("h=") ? "h=n" : String($0) }.joined(separator: " ")
    }
}
