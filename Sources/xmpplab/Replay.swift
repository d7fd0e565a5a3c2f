import ArgumentParser
import Foundation
import Trace

/// `xmpplab replay REC`: plays a recording's timeline back for trainers.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a recording's timeline back at real or scaled speed, or step by step."
    )

    @Argument(help: "Recording (SQLite file written by `run --record`).")
    var recording: String

    @Option(help: "Speed factor (2 plays twice as fast, 0.5 half as fast).")
    var speed: Double = 1

    @Flag(help: "Wait for Enter before each event.")
    var step = false

    @Flag(help: "Re-run the recorded scenario and compare (not built yet).")
    var check = false

    @OptionGroup var filters: RecordingFilters

    func run() async throws {
        if check {
            throw ValidationError("replay --check is not built yet: it re-runs the recorded topology and compares traces (issue 6)")
        }
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
        let reader = try RecordingFilters.open(recording)
        if let header = try reader.header() {
            print("\(header.topologyName), seed \(header.seed): \(try reader.eventCount()) events\(step ? " (Enter for the next)" : "")")
        }
        let events = try filters.events(in: reader, limit: nil)
        let start = ContinuousClock.now
        let first = events.first?.event.time ?? 0
        for recorded in events {
            if step {
                guard readLine() != nil else { break }
            } else {
                let due = Double(recorded.event.time - min(first, recorded.event.time)) / 1e9 / speed
                try await Task.sleep(until: start + .milliseconds(Int64(due * 1000)), clock: .continuous)
            }
            print(recorded.line)
            fflush(nil)
        }
    }
}
