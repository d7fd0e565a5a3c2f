import Testing
import Topology

@Suite struct MultipleErrorsTests {
    static let broken = #"""
        name: broken
        seed: 1
        scenario:
          steps:
            - {at: 1s, send: {from: alice@alpha.test, to: bob@bravo.test, body: hi, id: hello}}
          expect:
            - delivered: {id: hallo, within: 2s}
        clients:
          - {jid: alice@alpha.test, priority: 500}
          - {jid: bob@bravo.test}
        servers:
          - domain: alpha.test
            tls: sometimes
        links:
          - {between: [alpha.test, bravo.test], latency: 5 parsecs}
        """#

    @Test func everyProblemIsReportedSortedByPosition() {
        #expect(TestSupport.issues(Self.broken) == [
            "t.yaml:7:23: no send step produces message id 'hallo'",
            "t.yaml:9:39: priority must be between -128 and 127, got 500",
            "t.yaml:10:11: client names unknown domain 'bravo.test'",
            "t.yaml:13:10: unknown TLS mode 'sometimes' (expected one of: required, optional, disabled)",
            "t.yaml:15:28: link names unknown domain 'bravo.test'",
            "t.yaml:15:50: bad duration '5 parsecs' (expected e.g. 250ms, 2s, 1.5s, 1m)",
        ])
    }

    @Test func errorDescriptionIsOneIssuePerLine() throws {
        let error = #expect(throws: TopologyError.self) { try TopologyLoader.parse(Self.broken, file: "broken.yaml") }
        let lines = try #require(error).description.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.first == "broken.yaml:7:23: no send step produces message id 'hallo'")
        #expect(lines.allSatisfy { $0.hasPrefix("broken.yaml:") })
    }

    @Test func issueDescriptionIsFileLineColumnMessage() {
        let issue = TopologyIssue(location: .init(file: "x.yaml", line: 12, column: 3), message: "duplicate client 'a@b' (first at line 4)")
        #expect(issue.description == "x.yaml:12:3: duplicate client 'a@b' (first at line 4)")
    }
}
