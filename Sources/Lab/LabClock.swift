import LabNet

/// Scenario time: a monotonic clock started when the run starts.
///
/// The lab is the edge of the system (servers take their time from their
/// event loops), so it reads the continuous clock directly.
public struct LabClock: Sendable {
    public let start: ContinuousClock.Instant

    public init(start: ContinuousClock.Instant = .now) {
        self.start = start
    }

    /// Scenario time now.
    public var now: Duration { ContinuousClock.now - start }

    /// Sleeps until scenario time `time` (returns at once if it has passed).
    public func sleep(until time: Duration) async throws {
        try await Task.sleep(until: start + time, clock: .continuous)
    }

    /// Nanoseconds since the start, for trace events.
    public var nanoseconds: UInt64 { now.clampedNanoseconds }
}

extension Duration {
    /// Whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow
            ? Int64.max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Seconds as a floating-point number, for reports.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// Milliseconds as a floating-point number, for reports.
    var milliseconds: Double { Double(nanoseconds) / 1e6 }
}
