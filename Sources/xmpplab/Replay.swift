import ArgumentParser
import Foundation
import Lab
import Topology
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

    @Flag(help: "Re-run the recorded topology and scenario with its seed and compare the traces; exit 1 on a difference.")
    var check = false

    @Option(help: "With --check: how far delivery latencies may differ (e.g. 500ms).")
    var tolerance: String = "1s"

    @OptionGroup var filters: RecordingFilters

    func run() async throws {
        if check {
            guard let tolerance = DurationText.parse(tolerance) else { throw ValidationError("bad --tolerance '\(tolerance)'") }
            _ = try RecordingFilters.open(recording)
            let result = try await Lab.check(recordingAt: recording, tolerance: tolerance)
            try report(result.differences, what: "the recording and this build's run")
            return
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

/// Prints the first differences and fails, or says the traces agree.
func report(_ differences: [String], what: String) throws {
    guard !differences.isEmpty else {
        print("no difference between \(what)")
        return
    }
    print("\(differences.count) difference(s) between \(what):")
    for difference in differences.prefix(20) { print("  \(difference)") }
    if differences.count > 20 { print("  … and \(differences.count - 20) more") }
    throw ExitCode(1)
}
