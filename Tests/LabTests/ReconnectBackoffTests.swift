@testable import Lab
import Testing
import Topology

/// The waits between reconnection attempts, without a clock.
@Suite struct ReconnectBackoffTests {
    @Test func waitsDoubleUpToTheLongestEachDrawnBetweenHalfAndAll() {
        var backoff = ReconnectBackoff(policy: ReconnectSpec(after: .milliseconds(100), maxAfter: .milliseconds(700)), seed: 3)
        let ceilings: [Duration] = [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(700), .milliseconds(700)]
        for ceiling in ceilings {
            let wait = backoff.nextWait()
            #expect(wait >= ceiling / 2 && wait <= ceiling, "\(wait) for \(ceiling)")
        }
        #expect(backoff.attempts == 5)
        backoff.reset()
        #expect(backoff.attempts == 0)
        let first = backoff.nextWait()
        #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
    }

    @Test func theSameSeedGivesTheSameWaits() {
        func waits(_ seed: UInt64) -> [Duration] {
            var backoff = ReconnectBackoff(policy: ReconnectSpec(), seed: seed)
            return (0..<8).map { _ in backoff.nextWait() }
        }
        #expect(waits(9) == waits(9))
        #expect(waits(9) != waits(10))
    }

    @Test func manyFailuresStayBounded() {
        var backoff = ReconnectBackoff(policy: ReconnectSpec(after: .milliseconds(1), maxAfter: .seconds(2)), seed: 1)
        for _ in 0..<100 { _ = backoff.nextWait() }
        let wait = backoff.nextWait()
        #expect(wait >= .seconds(1) && wait <= .seconds(2))
    }
}
