import Foundation
import Testing
import Trace

@Suite struct TraceExportTests {
    static let events: [RecordedEvent] = [
        RecordedEvent(sequence: 1, event: TraceEvent(
            time: 1_000_000, node: "alice@alpha.test", direction: .outgoing, kind: .stanzaOut,
            stanza: TraceStanza(name: "message", type: "chat", from: nil, to: "bob@bravo.test", id: "m1"),
            bytes: 80, detail: "<message to='bob@bravo.test' id='m1'><body>hi, \"you\"</body></message>"
        )),
        RecordedEvent(sequence: 2, event: TraceEvent(time: 2_000_000, node: "alpha.test <-> bravo.test", kind: .fault, detail: "link cut (blackhole)")),
        RecordedEvent(sequence: 3, event: TraceEvent(
            time: 3_000_000, node: "bob@bravo.test", direction: .incoming, kind: .stanzaIn,
            stanza: TraceStanza(name: "message", type: "chat", from: "alice@alpha.test/laptop", to: "bob@bravo.test", id: "m1"),
            detail: "<message/>"
        )),
    ]

    @Test func jsonLinesHaveOneObjectPerEvent() throws {
        let lines = TraceExport.jsonLines(Self.events).split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["stanza_id"] as? String == "m1")
        #expect(first?["kind"] as? String == "stanza-out")
        #expect(first?["time_ns"] as? Int == 1_000_000)
    }

    @Test func csvQuotesFieldsWithCommasAndQuotes() {
        let lines = TraceExport.csv(Self.events).split(separator: "\n")
        #expect(lines.first == "seq,time_ns,node,connection,direction,kind,stanza_name,stanza_type,stanza_from,stanza_to,stanza_id,bytes,detail")
        #expect(lines[1].hasSuffix(#","<message to='bob@bravo.test' id='m1'><body>hi, ""you""</body></message>""#))
        #expect(lines[2] == "2,2000000,alpha.test <-> bravo.test,,,fault,,,,,,,link cut (blackhole)")
    }

    @Test func mermaidDrawsEachSentStanzaAndFault() {
        let diagram = TraceExport.sequenceDiagram(Self.events, format: .mermaid)
        #expect(diagram.hasPrefix("sequenceDiagram"))
        #expect(diagram.contains("participant alice_alpha_test as alice@alpha.test"))
        #expect(diagram.contains("alice_alpha_test->>bob_bravo_test: 0.001s message chat #m1"))
        #expect(diagram.contains("Note over alice_alpha_test: 0.002s fault alpha.test <-> bravo.test: link cut (blackhole)"))
    }

    @Test func plantumlHasTheSameFlows() {
        let diagram = TraceExport.sequenceDiagram(Self.events, format: .plantuml)
        #expect(diagram.hasPrefix("@startuml"))
        #expect(diagram.hasSuffix("@enduml"))
        #expect(diagram.contains(#""alice@alpha.test" -> "bob@bravo.test" : 0.001s message chat #m1"#))
    }

    @Test func dotDrawsServersClientsAndLinksWithTheirBytes() {
        let dot = TraceExport.dot(
            nodes: [("alpha.test", .server), ("bravo.test", .server), ("alice@alpha.test", .client), ("alpha.test <-> bravo.test", .link), ("dns", .dns)],
            metrics: [TraceMetric(name: "link.bytes alpha.test <-> bravo.test", value: 1234, unit: "B")]
        )
        #expect(dot.hasPrefix("graph topology {"))
        #expect(dot.contains(#""alpha.test" [shape=box];"#))
        #expect(dot.contains(#""alice@alpha.test" -- "alpha.test" [style=dotted];"#))
        #expect(dot.contains(#""alpha.test" -- "bravo.test" [label="1234 B", penwidth=2];"#))
        #expect(!dot.contains("dns"))
    }

    @Test func dotDrawsTheFederationAsItRan() {
        let connections = [
            TraceConnection(id: 1, kind: .s2sOut, node: "alpha.test", authMethod: "EXTERNAL", peer: "bravo.test", stanzasOut: 7, openedAt: 0),
            TraceConnection(id: 2, kind: .s2sOut, node: "alpha.test", authMethod: "EXTERNAL", peer: "bravo.test", stanzasOut: 3, openedAt: 5),
            TraceConnection(id: 3, kind: .s2sIn, node: "bravo.test", authMethod: "EXTERNAL", peer: "alpha.test", stanzasIn: 10, openedAt: 0),
            TraceConnection(id: 4, kind: .s2sOut, node: "bravo.test", authMethod: "dialback", peer: "alpha.test", stanzasOut: 2, openedAt: 1),
            // Never authenticated: not part of the federation.
            TraceConnection(id: 5, kind: .s2sOut, node: "charlie.test", peer: "alpha.test", openedAt: 1),
        ]
        let dot = TraceExport.dot(nodes: [("alpha.test", .server), ("bravo.test", .server)], metrics: [], connections: connections)
        #expect(dot.contains("\"alpha.test\" -- \"bravo.test\" [label=\"alpha.test → bravo.test: 10 stanzas, 2 s2s (EXTERNAL)\nbravo.test → alpha.test: 2 stanzas, 1 s2s (dialback)\", style=dashed, fontsize=9];"), "\(dot)")
        #expect(!dot.contains("charlie.test"))
    }

    @Test func aHopsRecordingDrawsEveryHop() {
        func hop(_ seq: Int64, _ node: String, connection: UInt64?) -> RecordedEvent {
            RecordedEvent(sequence: seq, event: TraceEvent(
                time: UInt64(seq), node: node, connection: connection, direction: .outgoing, kind: .stanzaOut,
                stanza: TraceStanza(name: "message", type: "chat", to: "bob@bravo.test/r", id: "m1"), detail: "<message/>"))
        }
        let bindAnswer = RecordedEvent(sequence: 0, event: TraceEvent(
            time: 0, node: "alpha.test", connection: 9, direction: .outgoing, kind: .stanzaOut, stanza: TraceStanza(name: "iq", type: "result", id: "b"), detail: "<iq/>"))
        let events = [bindAnswer, hop(1, "alice@alpha.test", connection: nil), hop(2, "alpha.test", connection: 1), hop(3, "bravo.test", connection: 2)]
        let diagram = TraceExport.sequenceDiagram(events, format: .mermaid)
        #expect(diagram.contains("alice_alpha_test->>alpha_test: 0.000s message chat #m1"))
        #expect(diagram.contains("alpha_test->>bravo_test: 0.000s message chat #m1"))
        #expect(diagram.contains("bravo_test->>bob_bravo_test: 0.000s message chat #m1"))
        #expect(!diagram.contains("iq result"))
    }
}
