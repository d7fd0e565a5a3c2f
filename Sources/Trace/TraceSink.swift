import Synchronization

/// Where a run's events go.
public protocol TraceSink: Sendable {
    func record(_ event: TraceEvent)
    /// Records `event` with a detail that costs something to write out (a
    /// stanza's XML): `render` appends the detail's UTF-8 to a buffer, and
    /// an event without a byte count gets the rendered length. The recorder
    /// renders on its writer thread, off the run's event loops; the default
    /// renders at once and calls `record(_:)`.
    func record(_ event: TraceEvent, renderingDetail render: @escaping TraceDetailRenderer)
    /// Waits until everything recorded so far is stored.
    func flush() async throws
    /// False when events are thrown away, so callers can skip building them
    /// (serialising a stanza's XML is not free).
    var keepsEvents: Bool { get }
    /// A server, client, link, the DNS or an external domain of the run.
    func recordNode(name: String, kind: TraceNodeKind)
    /// A connection, when it opens and whenever what is known about it
    /// changes (TLS, authentication, counts, closing): the latest wins.
    func recordConnection(_ connection: TraceConnection)
    func recordFault(_ fault: TraceFault)
    func recordExpectation(_ expectation: TraceExpectation)
    func recordMetric(_ metric: TraceMetric)
}

/// Appends an event's detail, as UTF-8, to the buffer it is given.
public typealias TraceDetailRenderer = @Sendable (inout [UInt8]) -> Void

extension TraceSink {
    public func record(_ event: TraceEvent, renderingDetail render: @escaping TraceDetailRenderer) {
        record(event.withDetail(rendering: render))
    }

    public var keepsEvents: Bool { true }
    public func recordNode(name: String, kind: TraceNodeKind) {}
    public func recordConnection(_ connection: TraceConnection) {}
    public func recordFault(_ fault: TraceFault) {}
    public func recordExpectation(_ expectation: TraceExpectation) {}
    public func recordMetric(_ metric: TraceMetric) {}
}

/// Keeps nothing: a run without a recording.
public struct DiscardingTraceSink: TraceSink {
    public init() {}
    public func record(_ event: TraceEvent) {}
    public func flush() async throws {}
    public var keepsEvents: Bool { false }
}

/// Keeps every event in memory, in the order recorded (tests, summaries).
public final class MemoryTraceSink: TraceSink {
    private let storage = Mutex<[TraceEvent]>([])
    private let connectionStorage = Mutex<[UInt64: TraceConnection]>([:])

    public init() {}

    public func record(_ event: TraceEvent) {
        storage.withLock { $0.append(event) }
    }

    public func recordConnection(_ connection: TraceConnection) {
        connectionStorage.withLock { $0[connection.id] = connection }
    }

    public func flush() async throws {}

    public var events: [TraceEvent] { storage.withLock { $0 } }

    /// The latest record of every connection, in the order they opened.
    public var connections: [TraceConnection] {
        connectionStorage.withLock { $0.values.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) } }
    }
}
