/// What a node of the topology is.
public enum TraceNodeKind: String, Sendable, Equatable, CaseIterable {
    case server
    case client
    case link
    case dns
    case external
}

public enum TraceConnectionKind: String, Sendable, Equatable, CaseIterable {
    case c2s
    case s2sIn = "s2s-in"
    case s2sOut = "s2s-out"
}

/// One connection of the run. Recorded when it opens and again whenever
/// what is known about it changes (TLS, authentication, closing): the
/// latest record wins.
public struct TraceConnection: Sendable, Equatable {
    /// Unique within the run; the `connection` of its events.
    public var id: UInt64
    public var kind: TraceConnectionKind
    /// The node that owns this end of the connection.
    public var node: String
    public var localEndpoint: String?
    public var remoteEndpoint: String?
    public var tls: Bool
    /// The SASL mechanism, `dialback`, or nil before authentication.
    public var authMethod: String?
    public var dialback: Bool
    /// XEP-0288 bidirectional server-to-server stream.
    public var bidi: Bool
    /// XEP-0198 stream management enabled.
    public var streamManagement: Bool
    /// Who is at the other end: the remote domain of an s2s stream, the
    /// account (bare JID) of a c2s stream once bound; nil until known.
    public var peer: String?
    /// Stanzas and bytes received and sent (bytes as read and written,
    /// TLS records included).
    public var stanzasIn: Int
    public var stanzasOut: Int
    public var bytesIn: Int
    public var bytesOut: Int
    /// Monotonic nanoseconds since the run started.
    public var openedAt: UInt64
    public var closedAt: UInt64?
    public var closeReason: String?

    public init(
        id: UInt64, kind: TraceConnectionKind, node: String, localEndpoint: String? = nil,
        remoteEndpoint: String? = nil, tls: Bool = false, authMethod: String? = nil, dialback: Bool = false,
        bidi: Bool = false, streamManagement: Bool = false, peer: String? = nil, stanzasIn: Int = 0,
        stanzasOut: Int = 0, bytesIn: Int = 0, bytesOut: Int = 0, openedAt: UInt64, closedAt: UInt64? = nil,
        closeReason: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.node = node
        self.localEndpoint = localEndpoint
        self.remoteEndpoint = remoteEndpoint
        self.tls = tls
        self.authMethod = authMethod
        self.dialback = dialback
        self.bidi = bidi
        self.streamManagement = streamManagement
        self.peer = peer
        self.stanzasIn = stanzasIn
        self.stanzasOut = stanzasOut
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.closeReason = closeReason
    }
}

/// A fault injected into the run (a cut link, a crashed server, broken DNS).
public struct TraceFault: Sendable, Equatable {
    public var time: UInt64
    /// What the fault hit: a link, a node, `dns`.
    public var target: String
    public var description: String

    public init(time: UInt64, target: String, description: String) {
        self.time = time
        self.target = target
        self.description = description
    }
}

/// The verdict on one expectation of the scenario.
public struct TraceExpectation: Sendable, Equatable {
    public var description: String
    /// Where the expectation is written (file:line), if known.
    public var location: String?
    public var passed: Bool
    /// When it was met or found broken.
    public var observedAt: UInt64?
    public var detail: String?

    public init(description: String, location: String? = nil, passed: Bool, observedAt: UInt64? = nil, detail: String? = nil) {
        self.description = description
        self.location = location
        self.passed = passed
        self.observedAt = observedAt
        self.detail = detail
    }
}

/// A summary figure of the run.
public struct TraceMetric: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String?

    public init(name: String, value: Double, unit: String? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// An event as stored: its place in the recording's order and the event.
public struct RecordedEvent: Sendable, Equatable {
    /// Position in the order the events were recorded (1, 2, …).
    public var sequence: Int64
    public var event: TraceEvent

    public init(sequence: Int64, event: TraceEvent) {
        self.sequence = sequence
        self.event = event
    }
}
