import Foundation
import Testing
import Trace

@Suite struct BackpressureTests {
    @Test func concurrentProducersOnASmallQueueLoseNothing() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader(), capacity: 1_000)
            let producers = 4
            let perProducer = 50_000
            await withTaskGroup(of: Void.self) { group in
                for p in 0..<producers {
                    group.addTask {
                        for i in 0..<perProducer {
                            recorder.record(
                                TraceEvent(
                                    time: UInt64(i), node: "p\(p)", connection: UInt64(p), kind: .stanzaOut,
                                    stanza: TraceStanza(name: "message", id: "\(p)-\(i)"), detail: "<message/>"))
                        }
                    }
                }
            }
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
            #expect(recorder.droppedCount == 0)
            #expect(recorder.backpressureWaits > 0)

            let reader = try TraceReader(path: path)
            #expect(try reader.eventCount() == producers * perProducer)
            for p in 0..<producers {
                // Each producer's events are all there and in the order it recorded them.
                let ids = try reader.events(node: "p\(p)").map { $0.event.stanza?.id }
                #expect(ids == (0..<perProducer).map { "\(p)-\($0)" })
            }
        }
    }

    @Test func flushMakesEverythingVisibleToAReader() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader(), capacity: 500, batchSize: 64)
            for round in 1...3 {
                for i in 0..<1_537 { recorder.record(TraceEvent(time: UInt64(i), node: "a", kind: .note, detail: "\(round)")) }
                recorder.recordMetric(TraceMetric(name: "round", value: Double(round)))
                try await recorder.flush()
                let reader = try TraceReader(path: path)
                #expect(try reader.eventCount() == round * 1_537)
                #expect(try reader.metrics().count == round)
            }
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
        }
    }

    /// The writer waits a little for a batch to fill, never for ever: a
    /// lone event is stored without a flush, and a flush does not wait for
    /// the batch to fill.
    @Test func aLoneEventIsStoredWithoutAFlush() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            recorder.record(TraceEvent(time: 1, node: "a", kind: .note, detail: "alone"))
            let reader = try TraceReader(path: path)
            let deadline = ContinuousClock.now + .seconds(10)
            while try reader.eventCount() == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(try reader.eventCount() == 1)

            recorder.record(TraceEvent(time: 2, node: "a", kind: .note, detail: "flushed"))
            try await recorder.flush()
            #expect(try reader.eventCount() == 2)
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
        }
    }
}
