import Testing
import XMPPCore

@testable import XMPPProtocol

/// XEP-0199 pings as a keepalive, driven event by event: juliet's client
/// pings her server capulet.lit, and capulet.lit pings montague.lit.
struct KeepaliveTests {
    static let c2s = KeepaliveConfiguration(
        to: "capulet.lit", from: "juliet@capulet.lit/balcony", interval: .seconds(60), timeout: .seconds(30))
    static let s2s = KeepaliveConfiguration(
        to: "montague.lit", from: "capulet.lit", interval: .seconds(90), timeout: .seconds(10),
        stanzaNamespace: XMLNamespace.server)

    /// A machine that was started and whose first idle timer fired: ping-1
    /// is out and the timeout timer has generation 2.
    static func pinged(_ configuration: KeepaliveConfiguration = c2s) -> Keepalive {
        var keepalive = Keepalive(configuration: configuration)
        _ = keepalive.start()
        _ = keepalive.idleTimerFired(generation: 1)
        return keepalive
    }

    /// The answer `from` sends to the ping with `id`.
    static func answer(_ type: IQType = .result, id: String = "ping-1", from: String? = "capulet.lit") -> XMLElement {
        var iq = XMLElement(name: "iq", namespace: XMLNamespace.client)
        iq[attribute: "type"] = type.rawValue
        iq[attribute: "from"] = from
        iq[attribute: "to"] = "juliet@capulet.lit/balcony"
        iq[attribute: "id"] = id
        return iq
    }

    static func sent(_ actions: [KeepaliveAction]) -> [XMLElement] {
        actions.compactMap { if case .send(let element) = $0 { element } else { nil } }
    }

    @Test func silenceSendsAPingShapedAsXEP0199() throws {
        var keepalive = Keepalive(configuration: Self.c2s)
        #expect(keepalive.start() == [.scheduleIdle(.seconds(60), generation: 1)])
        let actions = keepalive.idleTimerFired(generation: 1)
        #expect(actions.count == 2)
        #expect(actions.last == .scheduleTimeout(.seconds(30), generation: 2))
        let ping = try #require(Self.sent(actions).first)
        #expect(ping.serialized(inheritedNamespace: XMLNamespace.client)
            == "<iq type='get' to='capulet.lit' from='juliet@capulet.lit/balcony' id='ping-1'>"
            + "<ping xmlns='urn:xmpp:ping'/></iq>")
        let iq = try #require(IQ(ping))
        #expect(IQ.validate(ping) == nil)
        #expect(iq.type == .get)
        #expect(iq.payload == XMLElement(name: "ping", namespace: XMLNamespace.ping))
        #expect(keepalive.outstandingPingID == "ping-1")
    }

    @Test func serverToServerPingIsInJabberServerWithBothAddresses() throws {
        var keepalive = Keepalive(configuration: Self.s2s)
        #expect(keepalive.start() == [.scheduleIdle(.seconds(90), generation: 1)])
        let actions = keepalive.idleTimerFired(generation: 1)
        let ping = try #require(Self.sent(actions).first)
        #expect(ping.serialized(inheritedNamespace: XMLNamespace.server)
            == "<iq type='get' to='montague.lit' from='capulet.lit' id='ping-1'>"
            + "<ping xmlns='urn:xmpp:ping'/></iq>")
        #expect(ping.namespace == XMLNamespace.server)
        #expect(actions.last == .scheduleTimeout(.seconds(10), generation: 2))
    }

    @Test func clientMayLeaveFromOut() throws {
        var keepalive = Keepalive(configuration: KeepaliveConfiguration(to: "capulet.lit"))
        _ = keepalive.start()
        let ping = try #require(Self.sent(keepalive.idleTimerFired(generation: 1)).first)
        #expect(ping[attribute: "from"] == nil)
        #expect(ping[attribute: "to"] == "capulet.lit")
    }

    @Test func resultPongCancelsTheTimeoutAndRearmsIdle() {
        var keepalive = Self.pinged()
        #expect(keepalive.received(Self.answer()) == [.scheduleIdle(.seconds(60), generation: 3)])
        #expect(keepalive.outstandingPingID == nil)
        #expect(keepalive.timeoutFired(generation: 2) == [])
        #expect(!keepalive.isFinished)
        #expect(Self.sent(keepalive.idleTimerFired(generation: 3)).count == 1)
    }

    @Test func errorPongStillProvesThePeerAlive() throws {
        var keepalive = Self.pinged()
        let ping = try #require(keepalive.outstandingPing)
        // What a server without XEP-0199 answers (§4.1): from and to swapped.
        let unsupported = try #require(XMLElement.errorReply(to: ping, error: StanzaError(.serviceUnavailable)))
        #expect(unsupported[attribute: "from"] == "capulet.lit")
        #expect(keepalive.received(unsupported) == [.scheduleIdle(.seconds(60), generation: 3)])
        #expect(keepalive.timeoutFired(generation: 2) == [])
        #expect(!keepalive.isFinished)
    }

    @Test func answerWithAnotherIDRequestTypeOrSenderIsNotThePong() {
        var keepalive = Self.pinged()
        #expect(keepalive.received(Self.answer(id: "ping-2")) == nil)
        #expect(keepalive.received(Self.answer(id: "roster-1")) == nil)
        #expect(keepalive.received(Self.answer(.get)) == nil)
        #expect(keepalive.received(Self.answer(from: "montague.lit")) == nil)
        #expect(keepalive.received(XMLElement(name: "message", namespace: XMLNamespace.client)) == nil)
        #expect(keepalive.outstandingPingID == "ping-1")
        #expect(keepalive.timeoutFired(generation: 2).count == 1)
        #expect(keepalive.isFinished)
    }

    @Test func pongFromIsComparedAsAJIDOrMayBeAbsent() {
        var mixedCase = Self.pinged()
        #expect(mixedCase.received(Self.answer(from: "Capulet.LIT")) != nil)
        var absent = Self.pinged()
        #expect(absent.received(Self.answer(from: nil)) != nil)
    }

    @Test func unansweredPingDeclaresThePeerDead() {
        var keepalive = Self.pinged()
        let actions = keepalive.timeoutFired(generation: 2)
        #expect(actions.count == 1)
        guard case .peerDead(let error)? = actions.first else {
            Issue.record("expected peerDead, got \(actions)")
            return
        }
        #expect(error.condition == .connectionTimeout)
        #expect(error.text?.contains("ping-1") == true)
        #expect(keepalive.isFinished)
        // A dead peer's machine ignores everything afterwards.
        #expect(keepalive.receivedTraffic() == [])
        #expect(keepalive.timeoutFired(generation: 2) == [])
        #expect(keepalive.stop() == [])
    }

    @Test func trafficRestartsTheSilence() {
        var keepalive = Keepalive(configuration: Self.c2s)
        _ = keepalive.start()
        #expect(keepalive.receivedTraffic() == [.scheduleIdle(.seconds(60), generation: 2)])
        #expect(keepalive.receivedTraffic() == [.scheduleIdle(.seconds(60), generation: 3)])
        #expect(keepalive.idleTimerFired(generation: 1) == [])
        #expect(keepalive.idleTimerFired(generation: 2) == [])
        #expect(keepalive.pingsSent == 0)
        #expect(Self.sent(keepalive.idleTimerFired(generation: 3)).count == 1)
    }

    @Test func trafficWhileAPingIsOutProvesLivenessAndTheLatePongIsStillSwallowed() {
        var keepalive = Self.pinged()
        #expect(keepalive.receivedTraffic() == [.scheduleIdle(.seconds(60), generation: 3)])
        #expect(keepalive.timeoutFired(generation: 2) == [])
        #expect(!keepalive.isFinished)
        #expect(keepalive.received(Self.answer()) == [.scheduleIdle(.seconds(60), generation: 4)])
        #expect(keepalive.outstandingPingID == nil)
        // Answered once: a duplicate is no longer the keepalive's.
        #expect(keepalive.received(Self.answer()) == nil)
    }

    @Test func staleTimerGenerationsAreIgnored() {
        var keepalive = Keepalive(configuration: Self.c2s)
        _ = keepalive.start()
        #expect(keepalive.timeoutFired(generation: 1) == [])  // the idle timer's generation
        #expect(keepalive.idleTimerFired(generation: 0) == [])
        #expect(keepalive.idleTimerFired(generation: 7) == [])
        _ = keepalive.idleTimerFired(generation: 1)
        #expect(keepalive.idleTimerFired(generation: 1) == [])  // fired twice
        #expect(keepalive.idleTimerFired(generation: 2) == [])  // the timeout timer's generation
        #expect(keepalive.pingsSent == 1)
        _ = keepalive.received(Self.answer())
        #expect(keepalive.timeoutFired(generation: 2) == [])  // cancelled by the pong
        #expect(keepalive.stop() == [.cancelTimer])
        #expect(keepalive.idleTimerFired(generation: 3) == [])  // raced with stop
        #expect(keepalive.pingsSent == 1)
        #expect(keepalive.isFinished)
    }

    @Test func pingIDsCountUpFromThePrefixTheSameOnEveryRun() {
        func run(_ configuration: KeepaliveConfiguration) -> [String] {
            var keepalive = Keepalive(configuration: configuration)
            var generation: UInt64 = 0
            var ids: [String] = []
            var actions = keepalive.start()
            for _ in 1...3 {
                if case .scheduleIdle(_, let g)? = actions.last { generation = g }
                let pinged = keepalive.idleTimerFired(generation: generation)
                ids += Self.sent(pinged).compactMap { $0[attribute: "id"] }
                actions = keepalive.received(Self.answer(id: keepalive.outstandingPingID ?? "")) ?? []
            }
            return ids
        }
        #expect(run(Self.c2s) == ["ping-1", "ping-2", "ping-3"])
        #expect(run(Self.c2s) == run(Self.c2s))
        var custom = Self.c2s
        custom.idPrefix = "keepalive."
        #expect(run(custom) == ["keepalive.1", "keepalive.2", "keepalive.3"])
    }

    @Test(arguments: [nil, Duration.zero, .seconds(-5)])
    func disabledKeepaliveSchedulesNothing(_ interval: Duration?) {
        var keepalive = Keepalive(configuration: KeepaliveConfiguration(to: "capulet.lit", interval: interval))
        #expect(keepalive.start() == [])
        #expect(keepalive.receivedTraffic() == [])
        #expect(keepalive.idleTimerFired(generation: 0) == [])
        #expect(keepalive.idleTimerFired(generation: 1) == [])
        #expect(keepalive.timeoutFired(generation: 1) == [])
        #expect(keepalive.stop() == [])
        #expect(keepalive.pingsSent == 0)
    }

    @Test func stopCancelsTheTimerOnceAndStartIsNotRepeated() {
        var keepalive = Keepalive(configuration: Self.c2s)
        #expect(keepalive.stop() == [])  // never started: no timer
        var started = Keepalive(configuration: Self.c2s)
        _ = started.start()
        #expect(started.start() == [])
        #expect(started.stop() == [.cancelTimer])
        #expect(started.stop() == [])
        #expect(started.start() == [])
        #expect(started.receivedTraffic() == [])
        #expect(started.isFinished)
    }

    @Test func pongAnswersAnIncomingPing() throws {
        var ping = XMLElement(name: "iq", namespace: XMLNamespace.server)
        ping[attribute: "from"] = "montague.lit"
        ping[attribute: "to"] = "capulet.lit"
        ping[attribute: "id"] = "s2s1"
        ping[attribute: "type"] = "get"
        ping.append(XMLElement(name: "ping", namespace: XMLNamespace.ping))
        let pong = try #require(Keepalive.pong(for: ping))
        #expect(pong.serialized(inheritedNamespace: XMLNamespace.server)
            == "<iq type='result' to='montague.lit' from='capulet.lit' id='s2s1'/>")

        var notPing = ping
        notPing.children = [.element(XMLElement(name: "query", namespace: XMLNamespace.discoInfo))]
        #expect(Keepalive.pong(for: notPing) == nil)
        var result = ping
        result[attribute: "type"] = "result"
        #expect(Keepalive.pong(for: result) == nil)
        var noID = ping
        noID[attribute: "id"] = nil
        #expect(Keepalive.pong(for: noID) == nil)
    }

    @Test func ourOwnPongAnswersOurOwnPing() throws {
        var keepalive = Self.pinged()
        let ping = try #require(keepalive.outstandingPing)
        let pong = try #require(Keepalive.pong(for: ping))
        #expect(keepalive.received(pong) != nil)
        #expect(keepalive.outstandingPingID == nil)
    }
}

extension Keepalive {
    /// The ping with the outstanding id, as the machine built it.
    fileprivate var outstandingPing: XMLElement? {
        outstandingPingID.map { ping(id: $0) }
    }
}
