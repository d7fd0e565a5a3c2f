@testable import Lab
import Testing
import Topology

/// Per-flow figures and `no_stanza_lost` with flows and duplicates, decided
/// from observations built by hand.
@Suite struct FlowAccountingTests {
    /// alice sends m1…m4 to bob and n1 to carol; bob sends b1 to alice.
    /// m1 arrives once, m2 twice, m3 bounces, m4 and b1 vanish, n1 arrives.
    static var state: Observations.State {
        var state = Observations.State()
        func sent(_ id: String, _ from: String, _ to: String) {
            state.sent[id] = .init(id: id, from: from, to: to, sentAt: .milliseconds(10))
            state.sendOrder.append(id)
        }
        sent("m1", "alice@a.test", "bob@b.test")
        sent("m2", "alice@a.test", "bob@b.test")
        sent("m3", "alice@a.test", "bob@b.test")
        sent("m4", "alice@a.test", "bob@b.test")
        sent("n1", "alice@a.test", "carol@a.test")
        sent("b1", "bob@b.test", "alice@a.test")
        state.arrivals["m1"] = [.init(recipient: "bob@b.test", at: .milliseconds(20))]
        state.arrivals["m2"] = [.init(recipient: "bob@b.test", at: .milliseconds(20)), .init(recipient: "bob@b.test", at: .milliseconds(90))]
        state.arrivals["n1"] = [.init(recipient: "carol@a.test", at: .milliseconds(30))]
        state.errors = [.init(client: "alice@a.test", condition: "remote-server-not-found", id: "m3", at: .milliseconds(40))]
        return state
    }

    @Test func eachFlowCountsSentDeliveredDuplicatedBouncedAndLost() {
        #expect(Metrics.flows(Self.state) == [
            .init(from: "alice@a.test", to: "bob@b.test", sent: 4, delivered: 2, duplicated: 1, bounced: 1, lost: 1),
            .init(from: "alice@a.test", to: "carol@a.test", sent: 1, delivered: 1, duplicated: 0, bounced: 0, lost: 0),
            .init(from: "bob@b.test", to: "alice@a.test", sent: 1, delivered: 0, duplicated: 0, bounced: 0, lost: 1),
        ])
        let totals = Metrics.messageFigures(Self.state)
        #expect((totals.sent, totals.delivered, totals.bounced, totals.unaccounted, totals.duplicated) == (6, 3, 1, 2, 1))
    }

    private func verdict(_ kind: ExpectationKind, ended: Bool, state: Observations.State = state) -> ExpectationResult? {
        ExpectationChecker(state: state, now: .seconds(1), ended: ended, stepsDone: true, samples: [:])
            .evaluate(ScenarioExpectation(kind), index: 0)
    }

    @Test func aFlowFilterLooksOnlyAtItsMessages() {
        let toCarol = [MessageFlow(from: ["alice@a.test"], to: ["carol@a.test"])]
        let passed = verdict(.noStanzaLost(requireDelivery: true, flows: toCarol), ended: false)
        #expect(passed?.passed == true)
        #expect(passed?.detail == "1 sent, 1 delivered, 0 bounced")
        // Every message, or Bob's flow, has one that vanished: pending until the end, then failed.
        let fromBob = [MessageFlow(from: ["bob@b.test"])]
        #expect(verdict(.noStanzaLost(requireDelivery: false, flows: fromBob), ended: false) == nil)
        let failed = verdict(.noStanzaLost(requireDelivery: false, flows: fromBob), ended: true)
        #expect(failed?.passed == false)
        #expect(failed?.detail == "1 sent, 0 delivered, 0 bounced; missing: b1")
    }

    @Test func aFlowWithNoMessageFails() {
        let nobody = [MessageFlow(from: ["carol@a.test"])]
        let result = verdict(.noStanzaLost(requireDelivery: false, flows: nobody), ended: false)
        #expect(result?.passed == false)
        #expect(result?.detail == "no message was sent in these flows")
    }

    @Test func forbiddenDuplicatesAreDecidedAtTheEnd() {
        let toCarol = [MessageFlow(to: ["carol@a.test"])]
        #expect(verdict(.noStanzaLost(requireDelivery: false, flows: toCarol, allowDuplicates: false), ended: false) == nil)
        let clean = verdict(.noStanzaLost(requireDelivery: false, flows: toCarol, allowDuplicates: false), ended: true)
        #expect(clean?.passed == true)
        #expect(clean?.detail == "1 sent, 1 delivered, 0 bounced, 0 delivered more than once")
        let toBob = [MessageFlow(to: ["bob@b.test"])]
        let doubled = verdict(.noStanzaLost(requireDelivery: false, flows: toBob, allowDuplicates: false), ended: true)
        #expect(doubled?.passed == false)
        #expect(doubled?.detail == "4 sent, 2 delivered, 1 bounced, 1 delivered more than once; more than once: m2; missing: m4")
        // Tolerated duplicates are still reported.
        var delivered = Self.state
        delivered.arrivals["m4"] = [.init(recipient: "bob@b.test", at: .milliseconds(50))]
        let tolerated = verdict(.noStanzaLost(requireDelivery: false, flows: toBob), ended: false, state: delivered)
        #expect(tolerated?.passed == true)
        #expect(tolerated?.detail == "4 sent, 3 delivered, 1 bounced, 1 delivered more than once")
    }
}
