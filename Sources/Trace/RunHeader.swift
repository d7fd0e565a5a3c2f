import Foundation

/// What a recording says about its run before the run starts.
public struct RunHeader: Sendable, Equatable {
    /// The xmpplab version that made the recording.
    public var version: String
    public var topologyName: String
    /// The topology file's text, as read.
    public var topologyText: String
    public var seed: UInt64
    /// Wall-clock start, for the header only: event times are monotonic
    /// nanoseconds since the start.
    public var startedAt: Date

    public init(version: String, topologyName: String, topologyText: String, seed: UInt64, startedAt: Date) {
        self.version = version
        self.topologyName = topologyName
        self.topologyText = topologyText
        self.seed = seed
        self.startedAt = startedAt
    }
}

/// The `run` row of a recording: the header and, once finished, how it ended.
public struct RecordedRun: Sendable, Equatable {
    public var header: RunHeader
    /// Nil while the run has not finished (or its process was killed).
    public var duration: Duration?
    /// Nil while the run has not finished (or its process was killed).
    public var outcome: String?

    public init(header: RunHeader, duration: Duration?, outcome: String?) {
        self.header = header
        self.duration = duration
        self.outcome = outcome
    }
}
