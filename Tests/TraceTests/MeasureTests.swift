import Foundation
import Testing
import Trace

@Suite struct MeasureTests {
    @Test func measureRecordsEveryEventAndReportsBothRates() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("bench.sqlite").path
            let rates = try await TraceRecorder.measure(events: 5_000, path: path)
            #expect(rates.recordedPerSecond > 0)
            #expect(rates.rawInsertsPerSecond > 0)
            #expect(try TraceReader(path: path).eventCount() == 5_000)
            #expect(try TraceReader(path: path + "-raw.sqlite").eventCount() == 5_000)
            // A second run overwrites both files.
            _ = try await TraceRecorder.measure(events: 10, path: path)
            #expect(try TraceReader(path: path).eventCount() == 10)
        }
    }
}
