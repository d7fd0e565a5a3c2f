import Foundation
import Trace

/// Runs `body` with a fresh directory that is removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("xmpplab-trace-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

func sampleHeader(seed: UInt64 = 0xDEAD_BEEF_CAFE_F00D) -> RunHeader {
    RunHeader(
        version: "0.1.0-test", topologyName: "two-servers",
        topologyText: "servers:\n  - a.example\n  - b.example\n", seed: seed,
        startedAt: Date(timeIntervalSince1970: 1_764_000_000))
}

extension URL {
    /// The recording's bytes with its -wal file's, if any.
    func recordingBytes() throws -> Data {
        var data = try Data(contentsOf: self)
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { data.append(wal) }
        return data
    }
}
