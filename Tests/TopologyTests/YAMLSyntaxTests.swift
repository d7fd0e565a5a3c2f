import Testing
import Topology

/// YAML-level problems become located issues too.
@Suite struct YAMLSyntaxTests {
    @Test func badIndentationIsLocated() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - domain: a.test
               tls: optional
            """#) == [
            "t.yaml:5:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 4, column 3)",
        ])
    }

    @Test func unclosedFlowSequenceIsLocated() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: [1
            servers: [{domain: a.test}]
            """#) == [
            "t.yaml:3:8: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 7)",
        ])
    }

    @Test func undefinedAlias() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: *lucky
            servers: [{domain: a.test}]
            """#) == ["t.yaml:2:7: YAML error: found undefined alias"])
    }

    @Test func oneDocumentOnly() {
        #expect(TestSupport.issues(#"""
            name: t
            ---
            name: u
            """#) == ["t.yaml:2:1: a topology file holds one YAML document, but found another"])
    }

    @Test func emptyFileAndWrongRoot() {
        #expect(TestSupport.issues("") == ["t.yaml:1:1: the file is empty (expected a mapping with name, seed and servers)"])
        #expect(TestSupport.issues("- a.test\n") == ["t.yaml:1:1: expected a mapping for topology, got a list"])
    }

    @Test func everyRepeatOfAKeyIsReportedAndTheRestOfTheFileStillChecked() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            seed: 2
            servers:
              - domain: a.test
                domain: b.test
            seed: 3
            links: [{between: [a.test, zulu.test]}]
            """#) == [
            "t.yaml:3:1: duplicate key 'seed' (first at line 2)",
            "t.yaml:6:5: duplicate key 'domain' (first at line 5)",
            "t.yaml:7:1: duplicate key 'seed' (first at line 2)",
            "t.yaml:8:28: link names unknown domain 'zulu.test'",
        ])
    }

    @Test func quotedDuplicateKeysAreFoundToo() {
        #expect(TestSupport.issues(#"""
            "name": t
            'name': u
            seed: 1
            servers: [{domain: a.test}]
            """#) == ["t.yaml:2:1: duplicate key 'name' (first at line 1)"])
    }

    @Test func anchorsAliasesAndMergeKeysAreAccepted() throws {
        let topology = try TopologyLoader.parse(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - &member {jid: al@a.test, password: pw, groups: &teams [red, blue]}
              - {<<: *member, jid: bo@a.test}
              - {<<: *member, jid: cy@a.test, groups: *teams, password: own}
            """#)
        #expect(topology.clients.map(\.name) == ["al@a.test", "bo@a.test", "cy@a.test"])
        #expect(topology.clients.map(\.password) == ["pw", "pw", "own"])
        #expect(topology.clients.allSatisfy { $0.groups == ["red", "blue"] })
    }

    @Test func unknownKeysInMergedMappingsAreReportedWhereTheyAreWritten() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - &member {jid: al@a.test, colour: red}
              - {<<: *member, jid: bo@a.test}
            """#) == [
            "t.yaml:5:30: unknown key 'colour' in client (expected one of: jid, count, password, mechanism, resource, priority, presence, groups, subscribe_to, connect, stream_management, reconnect)",
        ])
    }
}
