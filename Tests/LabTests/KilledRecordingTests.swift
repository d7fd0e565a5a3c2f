import Foundation
import Testing
import Trace

/// A recording whose process was killed mid-run is still readable: it loses
/// only what was queued and not yet committed, and says it was cut off.
@Suite struct KilledRecordingTests {
    /// The `xmpplab` executable built next to the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("xmpplab")
    }

    @Test func aKilledRunLeavesAReadableRecording() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "xmpplab is not built at \(Self.executable.path)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-killed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("killed.sqlite").path
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["run", ExampleTopologyTests.directory.appendingPathComponent("default.yaml").path, "--record", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // default.yaml runs for about six seconds: kill it once stanzas are
        // being recorded (polling the file, bounded), well before its end.
        for _ in 0..<200 {
            if let reader = try? TraceReader(path: path), let events = try? reader.events(kind: .stanzaOut), events.count >= 20 { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }

        let reader = try TraceReader(path: path)
        let run = try #require(try reader.run())
        #expect(run.header.topologyName == "default")
        #expect(run.outcome == nil, "a killed run has no outcome")
        #expect(try reader.eventCount() > 0)
        #expect(try reader.events(kind: .stanzaOut).isEmpty == false)
    }
}
