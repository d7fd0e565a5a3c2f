import XMPPCore

/// When each chunk sent into one direction of a link comes out of the other
/// end.
///
/// Time is a `UInt64` count of nanoseconds on a monotonic clock the caller
/// chooses: the loopback relay passes `NIODeadline.now().uptimeNanoseconds`, a
/// virtual-time fabric can pass its own clock. The schedule never reads a
/// clock; it only compares and adds the instants it is given.
///
/// A chunk of `n` bytes handed over at `now`:
/// 1. waits for the transmitter: chunks are sent one after another, each
///    taking `n / bandwidth` seconds (a token bucket that holds no burst, so
///    the link never carries more than `bandwidth` bytes per second);
/// 2. travels for `latency` plus a jitter drawn uniformly in `0...jitter`
///    from the schedule's seeded generator;
/// 3. is never delivered before the chunk sent ahead of it, since TCP is a
///    byte stream that does not reorder.
///
/// Changing `conditions` applies to the chunks scheduled after the change;
/// chunks already scheduled keep their times.
public struct LinkSchedule: Sendable {
    public var conditions: LinkConditions
    private var generator: SeededGenerator
    /// When the transmitter has finished sending the chunks scheduled so far.
    public private(set) var transmitterFreeAt: UInt64 = 0
    /// When the last chunk scheduled is delivered.
    public private(set) var lastDelivery: UInt64 = 0

    public init(conditions: LinkConditions, generator: SeededGenerator) {
        self.conditions = conditions
        self.generator = generator
    }

    public init(conditions: LinkConditions, seed: UInt64) {
        self.init(conditions: conditions, generator: SeededGenerator(seed: seed))
    }

    /// Schedules a chunk of `byteCount` bytes handed to the link at `now` and
    /// returns when it is delivered (never before `now`). A chunk of 0 bytes
    /// (a connection's end) takes no transmission time but still travels.
    public mutating func deliveryTime(forChunkOf byteCount: Int, sentAt now: UInt64) -> UInt64 {
        let sendingStarts = max(now, transmitterFreeAt)
        let sent = sendingStarts.saturatingAdding(transmissionTime(of: byteCount))
        transmitterFreeAt = sent
        let arrival = sent.saturatingAdding(conditions.latency.clampedNanoseconds).saturatingAdding(drawJitter())
        lastDelivery = max(arrival, lastDelivery)
        return lastDelivery
    }

    /// How long the transmitter takes to send `byteCount` bytes, rounded up
    /// to the nanosecond.
    func transmissionTime(of byteCount: Int) -> UInt64 {
        guard let bandwidth = conditions.bandwidth, byteCount > 0 else { return 0 }
        let bytesPerSecond = UInt64(max(bandwidth, 1))
        let product = UInt64(byteCount).multipliedFullWidth(by: 1_000_000_000)
        guard product.high < bytesPerSecond else { return .max }
        let (quotient, remainder) = bytesPerSecond.dividingFullWidth(product)
        return remainder == 0 ? quotient : quotient.saturatingAdding(1)
    }

    private mutating func drawJitter() -> UInt64 {
        let bound = conditions.jitter.clampedNanoseconds
        guard bound > 0 else { return 0 }
        return UInt64.random(in: 0...bound, using: &generator)
    }
}
