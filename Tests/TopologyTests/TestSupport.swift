import Foundation
import Testing
import Topology

/// Shared helpers: parse text and get issues as `file:line:column: message`
/// lines, and find fixtures and the repository's files.
enum TestSupport {
    /// The issues parsing `yaml` (named `t.yaml`) reports, in order; empty when it parses.
    static func issues(_ yaml: String) -> [String] {
        do {
            _ = try TopologyLoader.parse(yaml, file: "t.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// Path of a file in the test bundle's `Fixtures` directory.
    static func fixturePath(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures"))
        return url.path
    }

    /// The repository root: three levels up from this file.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TopologyTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A valid topology's head: two servers, four clients, all on lines 1–9,
    /// for tests that add a section after it.
    static let head = """
        name: t
        seed: 1
        servers:
          - domain: alpha.test
          - domain: bravo.test
        clients:
          - jid: alice@alpha.test
          - jid: bob@bravo.test
          - {jid: carol@alpha.test, groups: [team]}

        """
}
