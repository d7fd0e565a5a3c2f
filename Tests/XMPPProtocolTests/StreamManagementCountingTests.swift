import Testing
import XMPPCore

@testable import XMPPProtocol

/// XEP-0198 §4 bookkeeping: counters modulo 2^32, the unacknowledged queue,
/// the ack-request policy, and resumption's retransmission.
struct StreamManagementCountingTests {
    static func message(_ n: Int) -> XMLElement {
        XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [XMLAttribute(name: "id", value: "m\(n)")])
    }

    static func sentElements(_ actions: [SMAction]) -> [XMLElement] {
        actions.compactMap { if case .send(let element) = $0 { element } else { nil } }
    }

    @Test func countersWrapAt2To32() {
        #expect(StanzaCounter.advance(UInt32.max, by: 1) == 0)
        #expect(StanzaCounter.advance(UInt32.max - 1, by: 3) == 1)
        #expect(StanzaCounter.distance(from: UInt32.max - 1, to: 2) == 4)
        #expect(StanzaCounter.distance(from: 5, to: 5) == 0)
    }

    @Test func handledCountWrapsAfter4294967295Stanzas() {
        var sm = StreamManagement()
        // Walk the counter to the edge through acks on the other side's behalf is not
        // possible, so drive it stanza by stanza from just below the edge.
        sm.setHandledForTesting(UInt32.max - 1)
        sm.receivedStanza()
        #expect(sm.handled == UInt32.max)
        sm.receivedStanza()
        #expect(sm.handled == 0)
        let ack = Self.sentElements(sm.receivedRequest())
        #expect(ack.first?[attribute: "h"] == "0")
    }

    @Test func acksAcrossTheWrapDropTheRightStanzas() {
        var queue = UnackedQueue()
        queue.setAcknowledgedForTesting(UInt32.max - 2)
        for n in 1...6 { queue.append(Self.message(n)) }
        #expect(queue.sent == 3)  // (2^32 - 3) + 6 mod 2^32
        do { let result = queue.acknowledge(1); #expect(result == .success(4)) }
        #expect(queue.pending.map { $0[attribute: "id"] } == ["m5", "m6"])
        do { let result = queue.acknowledge(3); #expect(result == .success(2)) }
        #expect(queue.isEmpty)
    }

    @Test func anAckForMoreThanWasSentIsRefused() {
        var queue = UnackedQueue()
        for n in 1...3 { queue.append(Self.message(n)) }
        do { let result = queue.acknowledge(4); #expect(result == .failure(HandledCountTooHigh(h: 4, sendCount: 3))) }
        #expect(queue.count == 3, "nothing dropped on a bad ack")
        do { let result = queue.acknowledge(2); #expect(result == .success(2)) }
        // Going backwards looks, modulo 2^32, like a huge jump forward.
        do { let result = queue.acknowledge(1); #expect(result == .failure(HandledCountTooHigh(h: 1, sendCount: 3))) }
        do { let result = queue.acknowledge(2); #expect(result == .success(0), "a repeated ack is harmless") }
    }

    @Test func handledCountTooHighIsAnUndefinedConditionWithTheXEPElement() {
        let error = HandledCountTooHigh(h: 9, sendCount: 4).streamError
        #expect(error.condition == .undefinedCondition)
        let condition = error.applicationCondition
        #expect(condition?.name == "handled-count-too-high")
        #expect(condition?.namespace == XMLNamespace.streamManagement)
        #expect(condition?[attribute: "h"] == "9")
        #expect(condition?[attribute: "send-count"] == "4")
    }

    @Test func theQueueStaysSmallUnderALongRunOfAcks() {
        var queue = UnackedQueue()
        for n in 1...10_000 {
            queue.append(Self.message(n))
            if n % 3 == 0 {
                let result = queue.acknowledge(UInt32(n - 1))
                #expect(result == .success(n == 3 ? 2 : 3))
            }
        }
        // Acked up to 9998: m9999 and m10000 remain.
        #expect(queue.pending.map { $0[attribute: "id"] } == ["m9999", "m10000"])
        #expect(queue.sent == 10_000)
    }

    @Test func everyNStanzasAsksForAnAck() {
        var sm = StreamManagement(policy: AckPolicy(every: 3, after: nil))
        var requests = 0
        for n in 1...9 {
            let sent = Self.sentElements(sm.send(Self.message(n)))
            #expect(sent.first?[attribute: "id"] == "m\(n)")
            requests += sent.filter { $0.name == "r" }.count
        }
        #expect(requests == 3)
        #expect(sm.unacknowledged.count == 9)
    }

    @Test func theTimerAsksOnlyWhenSomethingWentOutSinceTheLastRequest() {
        var sm = StreamManagement(policy: AckPolicy(every: 0, after: .milliseconds(100)))
        let first = sm.send(Self.message(1))
        #expect(first.contains { if case .scheduleAckRequest(.milliseconds(100)) = $0 { true } else { false } })
        let second = sm.send(Self.message(2))
        #expect(!second.contains { if case .scheduleAckRequest = $0 { true } else { false } }, "one timer at a time")
        #expect(Self.sentElements(sm.ackTimerFired()).map(\.name) == ["r"])
        #expect(sm.ackTimerFired().isEmpty, "nothing sent since the request")
        _ = sm.receivedAck(h: 2)
        let third = sm.send(Self.message(3))
        #expect(third.contains { if case .scheduleAckRequest = $0 { true } else { false } }, "re-armed after firing")
    }

    @Test func resumptionSendsAgainWhatThePeerMissedInOrder() {
        var sm = StreamManagement(policy: AckPolicy(every: 0, after: nil))
        for n in 1...5 { _ = sm.send(Self.message(n)) }
        let held = sm.hold(Self.message(6))
        #expect(held)
        let actions = sm.resume(peerHandled: 2)
        #expect(Self.sentElements(actions).map { $0[attribute: "id"] ?? $0.name } == ["m3", "m4", "m5", "m6", "r"])
        #expect(sm.unacknowledged.count == 4, "still unacknowledged until the peer acks")
        _ = sm.receivedAck(h: 6)
        #expect(sm.unacknowledged.isEmpty)
    }

    @Test func resumptionWithAnImpossibleCountClosesTheStream() {
        var sm = StreamManagement()
        _ = sm.send(Self.message(1))
        let actions = sm.resume(peerHandled: 5)
        guard case .close(let error) = actions.first else {
            Issue.record("expected a close, got \(actions)")
            return
        }
        #expect(error.applicationCondition?.name == "handled-count-too-high")
    }

    @Test func aFullQueueRefusesMoreAndClosesALiveStream() {
        var sm = StreamManagement(policy: AckPolicy(every: 0, after: nil), maxUnacknowledged: 2)
        _ = sm.send(Self.message(1))
        let second = sm.hold(Self.message(2)), third = sm.hold(Self.message(3))
        #expect(second)
        #expect(!third)
        guard case .close(let error) = sm.send(Self.message(4)).first else {
            Issue.record("expected a close")
            return
        }
        #expect(error.condition == .policyViolation)
        // Kept, not sent: it goes with the queue when the stream is resumed or routed again.
        #expect(sm.unacknowledged.count == 3)
        #expect(sm.unacknowledged.pending.last?[attribute: "id"] == "m4")
    }

    @Test func takingTheUnacknowledgedEmptiesTheQueueAndKeepsCounting() {
        var sm = StreamManagement(policy: AckPolicy(every: 0, after: nil))
        for n in 1...4 { _ = sm.send(Self.message(n)) }
        _ = sm.receivedAck(h: 1)
        #expect(sm.takeUnacknowledged().map { $0[attribute: "id"] } == ["m2", "m3", "m4"])
        #expect(sm.unacknowledged.isEmpty)
        #expect(sm.unacknowledged.sent == 4)
    }
}

extension StreamManagement {
    mutating func setHandledForTesting(_ value: UInt32) { handled = value }
}

extension UnackedQueue {
    mutating func setAcknowledgedForTesting(_ value: UInt32) { acknowledged = value }
}
