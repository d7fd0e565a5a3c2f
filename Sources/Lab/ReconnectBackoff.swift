import Topology
import XMPPCore

/// The waits between a lab client's reconnection attempts: `after` first,
/// doubling after each failed attempt up to `maxAfter`, each wait drawn
/// between half and all of that from the client's own generator. A value
/// with no clock: the client sleeps for what it returns.
struct ReconnectBackoff: Sendable {
    let policy: ReconnectSpec
    private var random: SeededGenerator
    /// Attempts since the client was last online.
    private(set) var attempts = 0

    init(policy: ReconnectSpec, seed: UInt64) {
        self.policy = policy
        random = SeededGenerator(seed: seed)
    }

    /// The wait before the next attempt.
    mutating func nextWait() -> Duration {
        let doubled = policy.after * (1 << min(attempts, 20))
        attempts += 1
        let ceiling = Self.nanoseconds(min(doubled, policy.maxAfter))
        let floor = ceiling / 2
        return .nanoseconds(floor + Int64(random.next() % UInt64(ceiling - floor + 1)))
    }

    /// The client is online again: the next loss starts from `after`.
    mutating func reset() {
        attempts = 0
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
