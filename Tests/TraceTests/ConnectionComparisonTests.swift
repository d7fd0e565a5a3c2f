import Testing
import Trace

/// The per-connection half of `replay --check` and `diff`, on made-up traces.
@Suite struct ConnectionComparisonTests {
    /// A trace with one s2s-out connection of alpha.test to bravo.test negotiated by `method`.
    static func trace(id: UInt64 = 1, method: String?, sm: Bool = true, h: Int = 5, steps extra: [String] = []) -> TraceComparison.ConnectionTrace {
        let connection = TraceConnection(
            id: id, kind: .s2sOut, node: "alpha.test", tls: true, authMethod: method, streamManagement: sm,
            peer: "bravo.test", stanzasOut: method == nil ? 0 : 1, openedAt: 0)
        var events = [
            TraceEvent(time: 1, node: "alpha.test", connection: id, kind: .connectionOpened, detail: "s2s-out 127.0.0.1:\(40_000 + id) -> 127.0.0.1:5269"),
            TraceEvent(time: 2, node: "alpha.test", connection: id, direction: .outgoing, kind: .streamOpened, detail: "id='random\(id)'"),
            TraceEvent(time: 3, node: "alpha.test", connection: id, kind: .tls, detail: "TLS established"),
        ]
        if let method {
            events.append(TraceEvent(time: 4, node: "alpha.test", connection: id, direction: .outgoing, kind: .sasl, detail: "auth \(method)"))
        }
        for step in extra {
            events.append(TraceEvent(time: 5, node: "alpha.test", connection: id, direction: .incoming, kind: .smResume, detail: step))
        }
        events.append(TraceEvent(time: 6, node: "alpha.test", connection: id, direction: .incoming, kind: .smAck, detail: "a h=\(h)"))
        return .init(connections: [connection], events: events)
    }

    @Test func idsPortsStreamIdsAndCountersDoNotMatter() {
        #expect(TraceComparison.connectionDifferences(expected: Self.trace(id: 1, method: "EXTERNAL", h: 5), actual: Self.trace(id: 9, method: "EXTERNAL", h: 70)) == [])
        #expect(TraceComparison.connectionDifferences(
            expected: Self.trace(method: "EXTERNAL", steps: ["resumed h=3"]), actual: Self.trace(method: "EXTERNAL", steps: ["resumed h=12"])) == [])
    }

    @Test func aDifferentNegotiationIsNamedWithItsGroup() {
        let differences = TraceComparison.connectionDifferences(expected: Self.trace(method: "EXTERNAL"), actual: Self.trace(method: "PLAIN"))
        #expect(differences == [
            "connections alpha.test s2s-out bravo.test: negotiated [- tls TLS established; > sasl auth EXTERNAL] when recorded, not now",
            "connections alpha.test s2s-out bravo.test: negotiates [- tls TLS established; > sasl auth PLAIN] now, never when recorded",
        ])
    }

    @Test func aWayCutShortWhileAnswersWereInFlightAgrees() {
        let full = Self.trace(method: "EXTERNAL", steps: ["enabled resume=true"])
        // The run ended before `<enabled/>` came back: only a received step is missing.
        #expect(TraceComparison.connectionDifferences(expected: full, actual: Self.trace(method: "EXTERNAL")) == [])
        // A step this side sends is missing: that is behaviour.
        let noAuth = TraceComparison.ConnectionTrace(
            connections: full.connections,
            events: full.events.filter { $0.kind != .sasl })
        #expect(TraceComparison.connectionDifferences(expected: full, actual: noAuth).count == 2)
    }

    @Test func howManyTimesAWayWasTakenDoesNotMatter() {
        var twice = Self.trace(id: 1, method: "EXTERNAL")
        let again = Self.trace(id: 2, method: "EXTERNAL")
        twice.connections += again.connections
        twice.events += again.events
        #expect(TraceComparison.connectionDifferences(expected: Self.trace(method: "EXTERNAL"), actual: twice) == [])
    }

    @Test func unfinishedConnectionsAndOldRecordingsAreLeftOut() {
        var withAttempt = Self.trace(id: 1, method: "EXTERNAL")
        let cut = Self.trace(id: 2, method: nil, sm: false)
        withAttempt.connections += cut.connections
        withAttempt.events += cut.events
        #expect(TraceComparison.connectionDifferences(expected: Self.trace(method: "EXTERNAL"), actual: withAttempt) == [])
        let old = TraceComparison.ConnectionTrace(connections: [], events: [])
        #expect(TraceComparison.connectionDifferences(expected: old, actual: Self.trace(method: "EXTERNAL")) == [])
    }

    @Test func aMissingGroupIsNamed() {
        let none = TraceComparison.ConnectionTrace(connections: [
            TraceConnection(id: 5, kind: .c2s, node: "alpha.test", authMethod: "PLAIN", peer: "alice@alpha.test", stanzasIn: 2, openedAt: 0),
        ], events: [])
        let differences = TraceComparison.connectionDifferences(expected: Self.trace(method: "EXTERNAL"), actual: none)
        #expect(differences.count == 2)
        #expect(differences.contains { $0.hasPrefix("connections alpha.test s2s-out bravo.test: negotiated") })
        #expect(differences.contains { $0 == "connections alpha.test c2s alice@alpha.test: negotiates [] now, never when recorded" })
    }
}
