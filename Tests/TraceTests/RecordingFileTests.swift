import Foundation
import GRDB
import Testing
import Trace

/// How a recording's file is written: its page size, the WAL kept until
/// `finish` checkpoints it, and the writer thread that yields to the run.
@Suite struct RecordingFileTests {
    @Test func eventsStayInTheWALUntilFinishCheckpointsThem() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader(), batchSize: 100)
            for i in 0..<20_000 {
                recorder.record(TraceEvent(time: UInt64(i), node: "a", kind: .stanzaIn, detail: "<message id='\(i)'><body>hello</body></message>"))
            }
            try await recorder.flush()
            // About 1.4 MB of events went to the WAL; nothing was copied back into the file yet.
            let wal = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
            let file = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(wal > 1_000_000)
            #expect(file < 1_000_000)
            #expect(try TraceReader(path: path).eventCount() == 20_000)

            try await recorder.finish(outcome: "passed", duration: .seconds(1))
            let walAfter = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            #expect(walAfter == 0)
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            let (pageSize, events) = try await queue.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_size"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events"))
            }
            #expect(pageSize == 16_384)
            #expect(events == 20_000)
        }
    }

    #if os(Linux)
    @Test func theWriterRunsAtALowerPriorityAndCountsItsCPU() async throws {
        try await withTemporaryDirectory { directory in
            let recorder = try TraceRecorder(path: directory.appendingPathComponent("run.sqlite").path, run: sampleHeader())
            for i in 0..<5_000 { recorder.record(TraceEvent(time: UInt64(i), node: "a", kind: .note, detail: "\(i)")) }
            try await recorder.flush()
            #expect(recorder.writerNiceness == 10)
            #expect(recorder.writerCPUSeconds > 0)
            try await recorder.finish(outcome: "passed", duration: .zero)
        }
    }
    #endif
}
