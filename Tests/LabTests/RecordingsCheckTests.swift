import Foundation
import Lab
import Testing

/// Recordings as regression tests: every recording shipped in `Recordings/`
/// is re-run on this build with `replay --check` and must agree.
@Suite struct RecordingsCheckTests {
    static let directory = ExampleTopologyTests.directory.deletingLastPathComponent().appendingPathComponent("Recordings")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".sqlite") }.sorted()
    }()

    @Test func someRecordingsAreShipped() {
        #expect(Self.files.count >= 3)
    }

    @Test(arguments: files)
    func checksClean(_ name: String) async throws {
        // Check a copy, so the shipped file is only read.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-\(UUID().uuidString)-\(name)")
        try FileManager.default.copyItem(at: Self.directory.appendingPathComponent(name), to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = try await Lab.check(recordingAt: copy.path)
        #expect(result.differences == [], "\(name)")
        #expect(result.summary.passed, "\(name)")
    }
}
