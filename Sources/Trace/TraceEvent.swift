/// One observable thing that happened during a run.
///
/// This is the seam the recorder (SQLite, a later issue) plugs into: the lab
/// reports everything through a `TraceSink`, and a run without `--record`
/// uses a sink that keeps nothing.
public struct TraceEvent: Sendable, Equatable {
    /// Monotonic nanoseconds since the run started.
    public var time: UInt64
    /// The server, client, link or `dns` the event belongs to.
    public var node: String
    public var kind: TraceEventKind
    /// Readable detail (stanza XML, a fault's description, an expectation's verdict).
    public var detail: String

    public init(time: UInt64, node: String, kind: TraceEventKind, detail: String) {
        self.time = time
        self.node = node
        self.kind = kind
        self.detail = detail
    }
}

public enum TraceEventKind: String, Sendable, Equatable, CaseIterable {
    case dnsQuery = "dns-query"
    case connectionOpened = "connection-open"
    case connectionClosed = "connection-close"
    case stanzaIn = "stanza-in"
    case stanzaOut = "stanza-out"
    case step
    case fault
    case expectation
    case note
}
