import Foundation
import GRDB
import Testing
import Trace

@Suite struct UnfinishedRecordingTests {
    @Test func aRecorderDroppedWithoutFinishLeavesEveryFlushedEvent() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            do {
                let recorder = try TraceRecorder(path: path, run: sampleHeader())
                for i in 0..<5_000 { recorder.record(TraceEvent(time: UInt64(i), node: "a", kind: .note, detail: "\(i)")) }
                try await recorder.flush()
            }
            let reader = try TraceReader(path: path)
            #expect(try reader.eventCount() == 5_000)
            let run = try #require(try reader.run())
            #expect(run.header == sampleHeader())
            #expect(run.outcome == nil)
            #expect(run.duration == nil)
        }
    }

    /// A copy of the file and its WAL taken mid-run is what a killed process
    /// leaves behind: no checkpoint, no clean close, no -shm.
    @Test func aCopyTakenMidRunIsReadable() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let copy = directory.appendingPathComponent("killed.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader(), batchSize: 100)
            for i in 0..<20_000 {
                recorder.record(TraceEvent(time: UInt64(i), node: "a", kind: .stanzaIn, detail: "<message id='\(i)'/>"))
            }
            recorder.recordFault(TraceFault(time: 10, target: "a", description: "crash"))
            try await recorder.flush()
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
            // The run goes on after the "kill".
            for i in 0..<1_000 { recorder.record(TraceEvent(time: UInt64(i), node: "b", kind: .note, detail: "later")) }
            try await recorder.finish(outcome: "passed", duration: .seconds(1))

            let reader = try TraceReader(path: copy)
            #expect(try reader.eventCount() == 20_000)
            #expect(try reader.events(limit: 1).first?.event.detail == "<message id='0'/>")
            #expect(try reader.faults().count == 1)
            #expect(try reader.run()?.outcome == nil)
            #expect(try TraceReader(path: path).eventCount() == 21_000)

            // The event indexes are built by `finish`; a cut-off file gets them on request.
            #expect(try Self.indexes(path) == Self.eventIndexes)
            #expect(try Self.indexes(copy).isDisjoint(with: Self.eventIndexes))
            #expect(try TraceSchema.buildMissingIndexes(path: copy))
            #expect(try Self.indexes(copy).isSuperset(of: Self.eventIndexes))
            #expect(try !TraceSchema.buildMissingIndexes(path: copy))
            #expect(try TraceReader(path: copy).events(node: "a", limit: 2).map(\.event.detail) == ["<message id='0'/>", "<message id='1'/>"])
        }
    }

    static let eventIndexes: Set<String> = ["events_by_time", "events_by_node", "events_by_connection", "events_by_stanza_id"]

    static func indexes(_ path: String) throws -> Set<String> {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"))
        }
    }
}
