import Foundation
import GRDB
import Testing
import Trace

@Suite struct MigrationTests {
    @Test func theFirstMigrationIsNamedV1AndSetsTheSchemaVersion() {
        #expect(TraceSchema.migrationNames.first == "v1")
        #expect(TraceSchema.currentVersion >= 1)
    }

    @Test func aFileMadeByV1OpensWithTheCurrentMigrator() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("v1.sqlite").path
            do {
                let pool = try DatabasePool(path: path)
                try TraceSchema.migrator.migrate(pool, upTo: "v1")
                let version = try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
                #expect(version == 1)
                try pool.close()
            }
            do {
                let pool = try DatabasePool(path: path)
                try TraceSchema.migrator.migrate(pool)
                let (completed, applied) = try await pool.read { db in
                    (try TraceSchema.migrator.hasCompletedMigrations(db), try TraceSchema.migrator.appliedIdentifiers(db))
                }
                #expect(completed)
                #expect(applied == Set(TraceSchema.migrationNames))
                #expect(TraceSchema.migrationNames == ["v1", "v2"])
                try pool.close()
            }
            let recorder = try TraceRecorder(path: path, run: sampleHeader())
            recorder.record(TraceEvent(time: 1, node: "a", kind: .note, detail: "after migration"))
            try await recorder.finish(outcome: "passed", duration: .seconds(1))

            let reader = try TraceReader(path: path)
            #expect(try reader.schemaVersion() == TraceSchema.currentVersion)
            #expect(try reader.events().map(\.event.detail) == ["after migration"])
        }
    }

    @Test func aV1FileIsReadWithoutMigrating() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("old.sqlite").path
            do {
                let pool = try DatabasePool(path: path)
                try TraceSchema.migrator.migrate(pool, upTo: "v1")
                try await pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO connections (id, kind, node, tls, auth_method, opened_ns)
                        VALUES (3, 's2s-out', 'a.test', 1, 'EXTERNAL', 10)
                        """)
                }
                try pool.close()
            }
            // A reader never writes: a v1 file (e.g. an older shipped recording) reads as it is.
            let reader = try TraceReader(path: path)
            #expect(try reader.schemaVersion() == 1)
            #expect(try reader.connections() == [
                TraceConnection(id: 3, kind: .s2sOut, node: "a.test", tls: true, authMethod: "EXTERNAL", openedAt: 10),
            ])
        }
    }

    @Test func aFileFromANewerSchemaIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("future.sqlite").path
            do {
                let queue = try DatabaseQueue(path: path)
                try await queue.write { db in try db.execute(sql: "PRAGMA user_version = 999") }
                try queue.close()
            }
            #expect(throws: TraceReader.Failure.unknownSchemaVersion(999)) { _ = try TraceReader(path: path) }
        }
    }

    @Test func aFileThatIsNotARecordingIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("empty.sqlite").path
            do {
                let queue = try DatabaseQueue(path: path)
                try await queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
                try queue.close()
            }
            #expect(throws: TraceReader.Failure.notARecording(path: path)) { _ = try TraceReader(path: path) }
        }
    }
}
