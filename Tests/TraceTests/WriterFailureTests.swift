import Foundation
import GRDB
import Testing
import Trace

@Suite struct WriterFailureTests {
    /// An insert SQLite refuses stops the writer: `flush` and `finish` throw
    /// SQLite's error, and what is recorded afterwards is counted as dropped.
    @Test func aRefusedInsertFailsTheRecorderWithSQLitesError() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.sqlite").path
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            recorder.record(TraceEvent(time: 1, node: "a", kind: .note, detail: "stored"))
            try await recorder.flush()
            // Another connection makes every later event insert fail.
            let other = try DatabaseQueue(path: path)
            try await other.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'refused by test'); END
                    """)
            }
            try other.close()

            recorder.record(TraceEvent(time: 2, node: "a", kind: .note, detail: "refused"))
            let error = await #expect(throws: DatabaseError.self) { try await recorder.flush() }
            #expect(error?.message == "refused by test")
            #expect(error?.sql?.contains("INSERT INTO events") == true)
            recorder.record(TraceEvent(time: 3, node: "a", kind: .note, detail: "after"))
            #expect(recorder.droppedCount == 1)
            await #expect(throws: DatabaseError.self) { try await recorder.finish(outcome: "failed", duration: .zero) }
        }
    }
}
