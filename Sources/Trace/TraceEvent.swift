/// One observable thing that happened during a run.
///
/// Every event goes through a `TraceSink`: the SQLite recorder
/// (`TraceRecorder`) stores them, a run without `--record` discards them.
/// Events have one total order: `time`, then `sequence` (given by the sink).
public struct TraceEvent: Sendable, Equatable {
    /// Monotonic nanoseconds since the run started.
    public var time: UInt64
    /// The server, client, link or `dns` the event belongs to.
    public var node: String
    /// The connection it happened on, if any (an id unique within the run).
    public var connection: UInt64?
    public var direction: TraceDirection?
    public var kind: TraceEventKind
    /// For stanzas: what it is and who it is between.
    public var stanza: TraceStanza?
    /// Bytes on the wire, when known.
    public var bytes: Int?
    /// Readable detail: the raw XML of a stanza (secrets redacted), a DNS
    /// answer, a fault's description, an expectation's verdict.
    public var detail: String

    public init(
        time: UInt64, node: String, connection: UInt64? = nil, direction: TraceDirection? = nil,
        kind: TraceEventKind, stanza: TraceStanza? = nil, bytes: Int? = nil, detail: String
    ) {
        self.time = time
        self.node = node
        self.connection = connection
        self.direction = direction
        self.kind = kind
        self.stanza = stanza
        self.bytes = bytes
        self.detail = detail
    }
}

extension TraceEvent {
    /// The event with the detail `render` writes, and, unless it has one, the detail's length as its byte count.
    func withDetail(rendering render: TraceDetailRenderer) -> TraceEvent {
        var utf8: [UInt8] = []
        render(&utf8)
        var event = self
        event.detail = String(decoding: utf8, as: UTF8.self)
        event.bytes = bytes ?? utf8.count
        return event
    }
}

public enum TraceDirection: String, Sendable, Equatable, CaseIterable {
    case incoming = "in"
    case outgoing = "out"
}

/// The addressing of a stanza event.
public struct TraceStanza: Sendable, Equatable {
    /// `message`, `presence` or `iq`.
    public var name: String
    public var type: String?
    public var from: String?
    public var to: String?
    public var id: String?

    public init(name: String, type: String? = nil, from: String? = nil, to: String? = nil, id: String? = nil) {
        self.name = name
        self.type = type
        self.from = from
        self.to = to
        self.id = id
    }
}

public enum TraceEventKind: String, Sendable, Equatable, CaseIterable {
    case dnsQuery = "dns-query"
    case dnsAnswer = "dns-answer"
    case connectionOpened = "tcp-open"
    case connectionClosed = "tcp-close"
    case streamOpened = "stream-open"
    case streamClosed = "stream-close"
    /// The features a receiving entity offers.
    case streamFeatures = "stream-features"
    case tls
    case sasl
    case dialback
    /// XEP-0288: a stream made bidirectional.
    case bidi
    case bind
    /// XEP-0198 `<enable/>`, `<enabled/>`, `<failed/>`.
    case smEnable = "sm-enable"
    case stanzaIn = "stanza-in"
    case stanzaOut = "stanza-out"
    case smAck = "sm-ack"
    case smResume = "sm-resume"
    case linkDelay = "link-delay"
    case linkStall = "link-stall"
    case step
    case fault
    case expectation
    case note
}
