import Foundation
import Testing
import Topology

/// What keeps a file from using unbounded memory or time.
@Suite struct LimitsTests {
    @Test func textOverFourMiBIsRefused() {
        let text = "name: t\n" + String(repeating: "#", count: 4 * 1024 * 1024)
        #expect(TestSupport.issues(text) == [
            "t.yaml:1:1: the file is too large: \(text.utf8.count) bytes (at most 4194304, 4 MiB)",
        ])
    }

    @Test func fileOverFourMiBIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("topology-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(count: 4 * 1024 * 1024 + 1).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: TopologyError.self) { try TopologyLoader.load(file: path) }
        #expect(error?.issues.map(\.description) == ["\(path):1:1: the file is too large: 4194305 bytes (at most 4194304, 4 MiB)"])
    }

    /// 1,100 clients each naming one 2,000-element list through an alias:
    /// small text, over four million nodes to look at.
    @Test func aliasExpansionIsBounded() {
        var text = "name: t\nseed: 1\nservers: [{domain: a.test}]\nclients:\n"
        text += "  - jid: u0@a.test\n    groups: &big [" + (1...2000).map { "g\($0)" }.joined(separator: ", ") + "]\n"
        for i in 1...1100 { text += "  - {jid: u\(i)@a.test, groups: *big}\n" }
        #expect(TestSupport.issues(text) == [
            "t.yaml:6:13: the document is too large once aliases are expanded (more than 4000000 nodes)",
        ])
    }

    /// Each level merges the one below ten times: 10^9 merged mappings if
    /// merges were expanded naively. Each is merged once, so this is quick.
    @Test(.timeLimit(.minutes(1))) func chainedMergeKeysStayLinear() throws {
        var text = "name: t\nseed: 1\nservers:\n  - &m0 {domain: a.test}\n"
        for level in 1...9 {
            text += "  - &m\(level) {<<: [" + Array(repeating: "*m\(level - 1)", count: 10).joined(separator: ", ") + "], domain: s\(level).test}\n"
        }
        let topology = try TopologyLoader.parse(text)
        #expect(topology.servers.count == 10)
    }
}
