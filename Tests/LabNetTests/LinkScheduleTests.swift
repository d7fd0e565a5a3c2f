import Testing
import XMPPCore
@testable import LabNet

struct LinkScheduleTests {
    let millisecond: UInt64 = 1_000_000
    let second: UInt64 = 1_000_000_000

    @Test func latencyOnlyDelaysEveryChunkByTheLatency() {
        var schedule = LinkSchedule(conditions: LinkConditions(latency: .milliseconds(50)), seed: 1)
        #expect(schedule.deliveryTime(forChunkOf: 1000, sentAt: 0) == 50 * millisecond)
        #expect(schedule.deliveryTime(forChunkOf: 1_000_000, sentAt: 10 * millisecond) == 60 * millisecond)
        #expect(schedule.deliveryTime(forChunkOf: 0, sentAt: second) == second + 50 * millisecond)
    }

    @Test func perfectConditionsDeliverAtOnce() {
        var schedule = LinkSchedule(conditions: .perfect, seed: 1)
        #expect(schedule.deliveryTime(forChunkOf: 65536, sentAt: 7) == 7)
        #expect(schedule.deliveryTime(forChunkOf: 1, sentAt: 7) == 7)
    }

    @Test func bandwidthSerialisesChunksOneAfterAnother() {
        var schedule = LinkSchedule(conditions: LinkConditions(latency: .milliseconds(20), bandwidth: 10_000), seed: 1)
        let deliveries = (0..<10).map { _ in schedule.deliveryTime(forChunkOf: 1000, sentAt: 0) }
        // Each 1000-byte chunk takes 100 ms on the wire, then 20 ms to travel.
        #expect(deliveries == (1...10).map { UInt64($0) * 100 * millisecond + 20 * millisecond })
        #expect(deliveries.last == second + 20 * millisecond)
        #expect(schedule.transmitterFreeAt == second)
    }

    @Test func anIdleTransmitterSavesNoCredit() {
        var schedule = LinkSchedule(conditions: LinkConditions(bandwidth: 1000), seed: 1)
        #expect(schedule.deliveryTime(forChunkOf: 500, sentAt: 0) == 500 * millisecond)
        // Sent long after the transmitter went idle: no burst allowance.
        #expect(schedule.deliveryTime(forChunkOf: 500, sentAt: 10 * second) == 10 * second + 500 * millisecond)
    }

    @Test func transmissionTimeRoundsUpToTheNanosecond() {
        let schedule = LinkSchedule(conditions: LinkConditions(bandwidth: 3), seed: 1)
        #expect(schedule.transmissionTime(of: 1) == 333_333_334)
        #expect(schedule.transmissionTime(of: 3) == second)
        #expect(schedule.transmissionTime(of: 0) == 0)
        #expect(LinkSchedule(conditions: LinkConditions(bandwidth: 0), seed: 1).transmissionTime(of: 1) == second)
    }

    /// Delivery times for `count` chunks sent at increasing, seeded times.
    func jitteredRun(seed: UInt64, count: Int) -> [(sent: UInt64, delivered: UInt64)] {
        var schedule = LinkSchedule(
            conditions: LinkConditions(latency: .milliseconds(10), jitter: .milliseconds(5)), seed: seed)
        var sendTimes = SeededGenerator(seed: 99)
        var now: UInt64 = 0
        return (0..<count).map { _ in
            now += UInt64.random(in: 0...(2 * millisecond), using: &sendTimes)
            return (now, schedule.deliveryTime(forChunkOf: 100, sentAt: now))
        }
    }

    @Test func jitterNeverReordersAndStaysWithinBounds() {
        let run = jitteredRun(seed: 7, count: 10_000)
        for (previous, next) in zip(run, run.dropFirst()) {
            #expect(previous.delivered <= next.delivered)
        }
        for chunk in run {
            #expect(chunk.delivered >= chunk.sent + 10 * millisecond)
            #expect(chunk.delivered <= chunk.sent + 15 * millisecond)
        }
        // Jitter does vary the delays.
        #expect(Set(run.map { $0.delivered - $0.sent }).count > 1000)
    }

    @Test func jitterIsReproducibleFromTheSeed() {
        let first = jitteredRun(seed: 7, count: 1000).map(\.delivered)
        #expect(jitteredRun(seed: 7, count: 1000).map(\.delivered) == first)
        #expect(jitteredRun(seed: 8, count: 1000).map(\.delivered) != first)
    }

    @Test func newConditionsApplyToChunksScheduledAfterTheChange() {
        var schedule = LinkSchedule(conditions: LinkConditions(latency: .milliseconds(100)), seed: 1)
        #expect(schedule.deliveryTime(forChunkOf: 10, sentAt: 0) == 100 * millisecond)
        schedule.conditions.latency = .milliseconds(10)
        // Sooner by the new latency, but never ahead of the chunk before it.
        #expect(schedule.deliveryTime(forChunkOf: 10, sentAt: millisecond) == 100 * millisecond)
        #expect(schedule.deliveryTime(forChunkOf: 10, sentAt: 200 * millisecond) == 210 * millisecond)

        schedule.conditions = LinkConditions(bandwidth: 1000)
        #expect(schedule.deliveryTime(forChunkOf: 1000, sentAt: second) == 2 * second)
        schedule.conditions.bandwidth = nil
        // The transmitter is still busy with the chunk before: this one waits for it.
        #expect(schedule.deliveryTime(forChunkOf: 1000, sentAt: second) == 2 * second)
        #expect(schedule.deliveryTime(forChunkOf: 1000, sentAt: 3 * second) == 3 * second)
    }

    @Test func negativeDurationsCountAsZero() {
        var schedule = LinkSchedule(conditions: LinkConditions(latency: .milliseconds(-5), jitter: .seconds(-1)), seed: 1)
        #expect(schedule.deliveryTime(forChunkOf: 10, sentAt: 42) == 42)
    }
}
