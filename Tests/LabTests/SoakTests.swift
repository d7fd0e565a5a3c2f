import Lab
import Testing
import Topology

/// A short soak: six stream-managed clients on three domains send all the
/// time while a chaos step resets their connections and blackholes links;
/// and the same with links cut by resets and a server crash and restart,
/// where what cannot reach a domain meanwhile comes back as an error.
@Suite struct SoakTests {
    static let topology = """
        name: soak-short
        seed: 1198
        defaults:
          stream_management: {resume_timeout: 30s, ack_after: 200ms}
        servers: [{domain: alpha.test}, {domain: bravo.test}, {domain: charlie.test}]
        links:
          - {between: [alpha.test, bravo.test], latency: 5ms}
          - {between: [alpha.test, charlie.test], latency: 5ms}
          - {between: [bravo.test, charlie.test], latency: 5ms}
        clients:
          - &sm {jid: alice@alpha.test, stream_management: true, reconnect: {after: 50ms, max_after: 300ms}, groups: [sm]}
          - {<<: *sm, jid: arthur@alpha.test}
          - {<<: *sm, jid: bob@bravo.test}
          - {<<: *sm, jid: bella@bravo.test}
          - {<<: *sm, jid: carol@charlie.test}
          - {<<: *sm, jid: chris@charlie.test}
        scenario:
          duration: 7s
          steps:
            - {at: 0s, wait: {online: "*", timeout: 5s}}
            - {at: 200ms, send: {from: alice@alpha.test, to: bob@bravo.test, body: ab, id: ab, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: bob@bravo.test, to: alice@alpha.test, body: ba, id: ba, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: alice@alpha.test, to: arthur@alpha.test, body: aa, id: aa, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: carol@charlie.test, to: bella@bravo.test, body: cb, id: cb, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: bella@bravo.test, to: chris@charlie.test, body: bc, id: bc, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: chris@charlie.test, to: arthur@alpha.test, body: ca, id: ca, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: arthur@alpha.test, to: carol@charlie.test, body: ac, id: ac, count: 50, interval: 50ms}}
            - {at: 200ms, send: {from: chris@charlie.test, to: carol@charlie.test, body: cc, id: cc, count: 50, interval: 50ms}}
            - at: 400ms
              chaos: {until: 2500ms, connection_resets: 8, link_cuts: 2, link_down: [200ms, 500ms]}
          expect:
            - no_stanza_lost: {flows: [{from: group:sm, to: group:sm}], delivered: true, duplicates: false}
        """

    @Test func streamManagedFlowsLoseNothingThroughResetsAndCuts() async throws {
        let summary = try await Self.runWithNothingLost(Self.topology, file: "soak-short.yaml")
        #expect(summary.messages.sent == 400)
        // The faults really happened, and the clients came back by resuming.
        let resets = summary.faults.filter { $0.description == "connection dropped" }
        #expect(resets.count == 8)
        #expect(summary.faults.filter { $0.description.hasPrefix("link cut") }.count == 2)
        #expect(summary.faults.filter { $0.description == "link healed" }.count == 2)
        let lost = summary.reconnections.reduce(0) { $0 + $1.lost }
        let resumed = summary.reconnections.reduce(0) { $0 + $1.resumed }
        // A reset may hit a client that is still coming back from the last one.
        #expect(lost >= resets.count / 2)
        #expect(resumed == lost)
        #expect(summary.reconnections.allSatisfy { $0.newSessions == 0 })
        #expect(summary.clientsOnlineAtEnd == 6)
    }

    /// Every kind of fault: connection resets, link cuts (blackhole and
    /// reset) and one server crash and restart. Clients resume, s2s streams
    /// resume, the crashed server keeps its resumable sessions and streams;
    /// each message arrives once or comes back as an error.
    @Test func streamManagedFlowsLoseNothingThroughResetCutsAndACrash() async throws {
        let text = Self.topology
            .replacingOccurrences(
                of: "chaos: {until: 2500ms, connection_resets: 8, link_cuts: 2, link_down: [200ms, 500ms]}",
                with: "chaos: {until: 3s, connection_resets: 6, link_cuts: 2, cut_modes: [reset, blackhole], link_down: [200ms, 400ms], server_crashes: 1, server_down: [300ms, 500ms]}")
            .replacingOccurrences(of: "delivered: true, duplicates: false", with: "duplicates: false")
        #expect(text != Self.topology)
        let summary = try await Self.runWithNothingLost(text, file: "soak-short-crash.yaml")
        #expect(summary.faults.filter { $0.description == "link cut (reset)" }.count == 1)
        #expect(summary.faults.filter { $0.description == "server crashed" }.count == 1)
        #expect(summary.faults.filter { $0.description == "server restarted" }.count == 1)
        #expect(summary.reconnections.allSatisfy { $0.newSessions == 0 }, "every client resumed, also after the crash")
        #expect(summary.clientsOnlineAtEnd == 6)
    }

    /// Runs the topology `text` and checks what both soaks promise: no
    /// problem, every expectation met, and each of the 8 flows' 50 messages
    /// delivered once or bounced, none lost or doubled.
    static func runWithNothingLost(_ text: String, file: String) async throws -> RunSummary {
        let summary = try await Lab.run(try TopologyLoader.parse(text, file: file))
        #expect(summary.problems == [])
        for result in summary.expectations {
            #expect(result.passed, "\(result.expectation): \(result.detail)")
        }
        #expect(summary.flows.count == 8)
        for flow in summary.flows {
            #expect(flow.sent == 50, "\(flow.flow)")
            #expect(flow.delivered + flow.bounced == flow.sent, "\(flow.flow): \(flow)")
            #expect(flow.lost == 0, "\(flow.flow)")
            #expect(flow.duplicated == 0, "\(flow.flow)")
        }
        return summary
    }
}
