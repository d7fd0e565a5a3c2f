import Lab
import Testing
import Topology
import Trace

/// What a run reports through its trace sink.
@Suite struct LabTraceTests {
    @Test func aRunTracesStepsStanzasDNSFaultsAndVerdicts() async throws {
        let topology = LabRunTests.twoDomains(
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(50), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "hi", id: "traced", count: 1, interval: .zero)),
                // After the delivery: when the login is slow both steps are due at once, and a DNS
                // broken right behind the send would bounce the message.
                ScenarioStep(at: .milliseconds(60), action: .wait(.delivered(messageID: "traced"), timeout: .seconds(3))),
                ScenarioStep(at: .milliseconds(60), action: .breakDNS(domain: "bravo.test", failure: .servfail, querier: nil)),
            ],
            expectations: [ScenarioExpectation(.delivered(messageID: "traced", within: .seconds(3)))],
            duration: .seconds(4)
        )
        let sink = MemoryTraceSink()
        let summary = try await Lab.run(topology, options: Lab.Options(trace: sink))
        #expect(summary.passed)
        let events = sink.events
        let kinds = Set(events.map(\.kind))
        for kind in [TraceEventKind.step, .stanzaIn, .stanzaOut, .dnsQuery, .dnsAnswer, .fault, .expectation] {
            #expect(kinds.contains(kind), "no \(kind) event")
        }
        let sent = try #require(events.first { $0.kind == .stanzaOut && $0.stanza?.id == "traced" })
        #expect(sent.node == "alice@alpha.test")
        #expect(sent.stanza?.to == "bob@bravo.test")
        #expect(sent.detail.contains("<body>hi</body>"))
        let received = try #require(events.first { $0.kind == .stanzaIn && $0.stanza?.id == "traced" })
        #expect(received.node == "bob@bravo.test")
        #expect(received.time >= sent.time)
        #expect(events.contains { $0.kind == .dnsQuery && $0.detail.contains("alpha.test asks SRV") })
        // Every query has its answer, at the same time.
        let queries = events.filter { $0.kind == .dnsQuery }
        let answers = events.filter { $0.kind == .dnsAnswer }
        #expect(queries.count == answers.count)
        for query in queries {
            let prefix = "to " + query.detail.replacingOccurrences(of: " asks ", with: " for ") + ": "
            #expect(answers.contains { $0.time == query.time && $0.detail.hasPrefix(prefix) }, "no answer to \(query.detail)")
        }
    }

    @Test func withoutARecordingNothingIsBuilt() {
        #expect(!DiscardingTraceSink().keepsEvents)
        #expect(MemoryTraceSink().keepsEvents)
    }
}
