import Synchronization

/// Where a run's events go.
public protocol TraceSink: Sendable {
    func record(_ event: TraceEvent)
    /// Waits until everything recorded so far is stored.
    func flush() async throws
    /// False when events are thrown away, so callers can skip building them
    /// (serialising a stanza's XML is not free).
    var keepsEvents: Bool { get }
}

extension TraceSink {
    public var keepsEvents: Bool { true }
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

    public init() {}

    public func record(_ event: TraceEvent) {
        storage.withLock { $0.append(event) }
    }

    public func flush() async throws {}

    public var events: [TraceEvent] { storage.withLock { $0 } }
}
