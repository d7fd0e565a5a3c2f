import Foundation
import Trace

/// Recording throughput: events through the recorder against the raw GRDB
/// batched-insert rate of rows of the same shape, in the same run.
enum TraceBenchmark {
    static func run() async throws {
        print("Recording to SQLite (GRDB, WAL, 500,000 stanza events, best of 3)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var best: (recorded: Double, raw: Double, finish: Double, writer: Double) = (0, 0, .infinity, .infinity)
        for _ in 0..<3 {
            let figures = try await TraceRecorder.measure(events: 500_000, path: directory.appendingPathComponent("trace.sqlite").path)
            best = (max(best.recorded, figures.recordedPerSecond), max(best.raw, figures.rawInsertsPerSecond), min(best.finish, figures.finishSeconds), min(best.writer, figures.writerMicrosecondsPerEvent))
        }
        print(String(
            format: "  recorder: %.0f events/s, nothing lost; raw GRDB batched inserts, same rows, schema and file settings: %.0f rows/s; ratio %.0f%%; finish (builds the 4 event indexes, checkpoints the WAL): %.2f s",
            best.recorded, best.raw, 100 * best.recorded / best.raw, best.finish
        ))
        print(String(format: "  writer thread CPU per event (render, redact, insert, commit; least of 3): %.2f µs", best.writer))
        print("")
    }
}
