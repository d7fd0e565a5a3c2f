import Foundation
import Testing
import Trace

@Suite struct RecorderRoundTripTests {
    /// One event of every kind, every field set, plus events with every optional field nil.
    static func eventsOfEveryKind() -> [TraceEvent] {
        var events: [TraceEvent] = []
        for (i, kind) in TraceEventKind.allCases.enumerated() {
            let n = UInt64(i)
            events.append(
                TraceEvent(
                    time: 1_000 * n + 7, node: "node\(i).example", connection: 100 + n,
                    direction: i % 2 == 0 ? .incoming : .outgoing, kind: kind,
                    stanza: TraceStanza(
                        name: "message", type: "chat", from: "a\(i)@a.example/r", to: "b\(i)@b.example", id: "id-\(i)"),
                    bytes: 50 + i, detail: "detail of \(kind.rawValue) ünïcødé 🛰"))
            events.append(TraceEvent(time: 1_000 * n + 8, node: "dns", kind: kind, detail: ""))
        }
        return events
    }

    @Test func everyEventKindReadsBackFieldForField() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            let events = Self.eventsOfEveryKind()
            for event in events { recorder.record(event) }
            try await recorder.finish(outcome: "passed", duration: .milliseconds(1_234))

            let reader = try TraceReader(path: path)
            let read = try reader.events()
            #expect(read.map(\.event) == events)
            #expect(read.map(\.sequence) == Array(1...Int64(events.count)))
            let counts = try reader.countsByKind()
            for kind in TraceEventKind.allCases { #expect(counts[kind.rawValue] == 2) }
            let run = try #require(try reader.run())
            #expect(run.header == sampleHeader())
            #expect(run.outcome == "passed")
            #expect(run.duration == .milliseconds(1_234))
            #expect(try reader.schemaVersion() == TraceSchema.currentVersion)
        }
    }

    /// Empty text is stored as empty text, not NULL; extreme integers keep their bits.
    @Test func emptyTextAndExtremeNumbersReadBackUnchanged() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            let events = [
                TraceEvent(
                    time: 1, node: "", connection: .max, direction: .incoming, kind: .stanzaIn,
                    stanza: TraceStanza(name: "", type: "", from: "", to: "", id: ""), bytes: 0, detail: ""),
                TraceEvent(time: 2, node: "n", connection: 0, kind: .note, bytes: Int.max, detail: "ünïcødé 🛰"),
            ]
            for event in events { recorder.record(event) }
            try await recorder.finish(outcome: "passed", duration: .seconds(1))

            let read = try TraceReader(path: path).events().map(\.event)
            #expect(read == events)
        }
    }

    /// A detail recorded as a renderer is stored as rendered, secrets
    /// redacted; its length (before redaction) is the byte count unless the
    /// event has one. A memory sink renders at once.
    @Test func renderedDetailsAreStoredRedactedWithTheirLength() async throws {
        let message = "<message xmlns='jabber:client' to='b@b.example' id='m1'><body>ünïcødé</body></message>"
        let iq = "<iq xmlns='jabber:client' type='set'><query xmlns='jabber:iq:register'><password>pw-123</password></query></iq>"
        let counted = TraceEvent(time: 1, node: "a", direction: .outgoing, kind: .stanzaOut, detail: "")
        var wire = counted
        wire.time = 2
        wire.bytes = 7
        let expected = [
            TraceEvent(time: 1, node: "a", direction: .outgoing, kind: .stanzaOut, bytes: message.utf8.count, detail: message),
            TraceEvent(
                time: 2, node: "a", direction: .outgoing, kind: .stanzaOut, bytes: 7,
                detail: "<iq xmlns='jabber:client' type='set'><query xmlns='jabber:iq:register'><password>[redacted]</password></query></iq>"),
        ]
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            recorder.record(counted) { $0.append(contentsOf: message.utf8) }
            recorder.record(wire) { $0.append(contentsOf: iq.utf8) }
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
            #expect(try TraceReader(path: path).events().map(\.event) == expected)
        }
        let memory = MemoryTraceSink()
        memory.record(counted) { $0.append(contentsOf: message.utf8) }
        #expect(memory.events == [expected[0]])
    }

    @Test func eventsComeBackInTimeThenRecordOrder() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            // Same time: recording order decides. An earlier time recorded later comes first.
            for i in 0..<10 { recorder.record(TraceEvent(time: 500, node: "a", kind: .note, detail: "same-\(i)")) }
            recorder.record(TraceEvent(time: 100, node: "b", kind: .note, detail: "early"))
            try await recorder.finish(outcome: "passed", duration: .seconds(1))

            let reader = try TraceReader(path: path)
            let read = try reader.events()
            #expect(read.map(\.event.detail) == ["early"] + (0..<10).map { "same-\($0)" })
            #expect(read.first?.sequence == 11)
            #expect(read.dropFirst().map(\.sequence) == Array(1...10))
        }
    }

    @Test func filtersByTimeNodeKindAndLimit() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            for i in 0..<100 {
                recorder.record(
                    TraceEvent(
                        time: UInt64(i) * 10, node: i % 2 == 0 ? "a" : "b", kind: i % 3 == 0 ? .stanzaIn : .note,
                        detail: "\(i)"))
            }
            try await recorder.finish(outcome: "passed", duration: .seconds(1))

            let reader = try TraceReader(path: path)
            #expect(try reader.events(from: 200, to: 290).map(\.event.detail) == (20...29).map { "\($0)" })
            #expect(try reader.events(node: "a").count == 50)
            #expect(try reader.events(kind: .stanzaIn).count == 34)
            #expect(try reader.events(node: "a", kind: .stanzaIn).map(\.event.detail) == stride(from: 0, to: 100, by: 6).map { "\($0)" })
            #expect(try reader.events(limit: 5).map(\.event.detail) == ["0", "1", "2", "3", "4"])
            #expect(try reader.events(after: 95).map(\.event.detail) == ["95", "96", "97", "98", "99"])
        }
    }

    @Test func nodesConnectionsFaultsExpectationsAndMetricsReadBack() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            for kind in TraceNodeKind.allCases { recorder.recordNode(name: "n-\(kind.rawValue)", kind: kind) }
            var s2s = TraceConnection(
                id: 7, kind: .s2sOut, node: "a.example", localEndpoint: "127.0.0.1:40000",
                remoteEndpoint: "127.0.0.1:5269", openedAt: 1_000)
            recorder.recordConnection(s2s)
            s2s.tls = true
            s2s.authMethod = "EXTERNAL"
            s2s.bidi = true
            s2s.peer = "b.example"
            s2s.stanzasIn = 3
            s2s.stanzasOut = 40
            s2s.bytesIn = 1_234
            s2s.bytesOut = 56_789
            recorder.recordConnection(s2s)
            // Closing is one more update of the row, as the lab records it.
            s2s.closedAt = 9_000
            s2s.closeReason = "link cut"
            recorder.recordConnection(s2s)
            let c2s = TraceConnection(
                id: UInt64.max, kind: .c2s, node: "a.example", tls: true, authMethod: "SCRAM-SHA-256",
                dialback: false, bidi: false, streamManagement: true, openedAt: 500)
            recorder.recordConnection(c2s)
            let fault = TraceFault(time: 4_000, target: "a.example<->b.example", description: "cut")
            recorder.recordFault(fault)
            let passed = TraceExpectation(description: "bob gets hello", location: "two.yaml:12", passed: true, observedAt: 5_000)
            let failed = TraceExpectation(description: "presence converges", passed: false, detail: "timed out")
            recorder.recordExpectation(passed)
            recorder.recordExpectation(failed)
            recorder.recordMetric(TraceMetric(name: "messages", value: 1_000, unit: "stanzas"))
            recorder.recordMetric(TraceMetric(name: "latency.p99", value: 0.25, unit: nil))
            try await recorder.finish(outcome: "failed", duration: .seconds(2))

            let reader = try TraceReader(path: path)
            #expect(try reader.nodes().map(\.name) == TraceNodeKind.allCases.map { "n-\($0.rawValue)" }.sorted())
            #expect(try reader.nodes().allSatisfy { $0.kind.map { "n-\($0.rawValue)" } == $0.name })
            #expect(try reader.connections() == [c2s, s2s])
            #expect(try reader.faults() == [fault])
            #expect(try reader.expectations() == [passed, failed])
            #expect(try reader.metrics() == [TraceMetric(name: "messages", value: 1_000, unit: "stanzas"), TraceMetric(name: "latency.p99", value: 0.25)])
        }
    }

    @Test func aFileIsNeverRecordedTwice() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
            #expect(throws: TraceRecorder.Failure.alreadyRecorded(path: path)) {
                _ = try TraceRecorder(path: path, run: sampleHeader())
            }
        }
    }

    @Test func recordsAfterFinishAreCountedAsDropped() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            recorder.record(TraceEvent(time: 1, node: "a", kind: .note, detail: "kept"))
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
            recorder.record(TraceEvent(time: 2, node: "a", kind: .note, detail: "late"))
            #expect(recorder.droppedCount == 1)
            #expect(try TraceReader(path: path).eventCount() == 1)
        }
    }
}
