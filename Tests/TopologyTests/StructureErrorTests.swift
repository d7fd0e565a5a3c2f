import Testing
import Topology

/// Keys, types and values in the wrong shape: each test gives the exact
/// message and the line and column it points at.
@Suite struct StructureErrorTests {
    @Test func unknownKeyNamesTheAllowedKeys() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links:
              - between: [a.test, b.test]
                latncy: 50ms
            """#) == [
            "t.yaml:6:5: unknown key 'latncy' in link (expected one of: between, latency, jitter, bandwidth, state)",
        ])
    }

    @Test func unknownTopLevelKey() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            client: []
            """#) == [
            "t.yaml:4:1: unknown key 'client' in topology (expected one of: name, seed, description, defaults, servers, external, dns, links, clients, scenario)",
        ])
    }

    @Test func duplicateKeyPointsAtTheRepeat() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            seed: 2
            """#) == ["t.yaml:4:1: duplicate key 'seed' (first at line 2)"])
    }

    @Test func duplicateKeyOnOneLineNamesTheColumn() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test, tls: optional, tls: disabled}]
            """#) == ["t.yaml:3:43: duplicate key 'tls' (first at line 3, column 28)"])
    }

    @Test func missingRequiredKeys() {
        #expect(TestSupport.issues(#"""
            description: nothing else
            """#) == [
            "t.yaml:1:1: missing required key 'name' in topology",
            "t.yaml:1:1: missing required key 'seed' in topology",
            "t.yaml:1:1: missing required key 'servers' in topology",
        ])
    }

    @Test func serversMayNotBeEmpty() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: []
            """#) == ["t.yaml:3:10: servers must list at least one server"])
    }

    @Test func mappingExpectedButStringGiven() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [alpha.test]
            """#) == ["t.yaml:3:11: expected a mapping for server, got the string 'alpha.test'"])
    }

    @Test func clientListExpectedButMappingGiven() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients: [{jid: al@a.test}]
            scenario:
              steps:
                - at: 1s
                  connect: {al@a.test: true}
            """#) == ["t.yaml:8:16: expected a list of client JIDs or '*', got a mapping"])
    }

    @Test func unknownEnumValueListsTheChoices() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            defaults:
              tls: requird
              resource_conflict: kick
            servers: [{domain: a.test}]
            """#) == [
            "t.yaml:4:8: unknown TLS mode 'requird' (expected one of: required, optional, disabled)",
            "t.yaml:5:22: unknown resource conflict policy 'kick' (expected one of: replace-existing, refuse-new, assign-different)",
        ])
    }

    @Test func unknownSASLMechanism() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - domain: a.test
                sasl: [SCRAM-SHA-256, DIGEST-MD5]
            """#) == [
            "t.yaml:5:27: unknown SASL mechanism 'DIGEST-MD5' (expected one of: PLAIN, ANONYMOUS, SCRAM-SHA-1, SCRAM-SHA-256, EXTERNAL)",
        ])
    }

    @Test func booleanExpected() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test, stream_management: sometimes}]
            """#) == ["t.yaml:3:47: expected true, false or a mapping for stream_management, got the string 'sometimes'"])
    }

    @Test func seedMustBeAnUnsignedInteger() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: -1
            servers: [{domain: a.test}]
            """#) == ["t.yaml:2:7: seed must not be negative, got -1"])
        #expect(TestSupport.issues(#"""
            name: t
            seed: lucky
            servers: [{domain: a.test}]
            """#) == ["t.yaml:2:7: expected an unsigned integer for seed, got the string 'lucky'"])
    }

    @Test func integersOutOfRange() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            external:
              - {domain: ext.test, s2s_port: 70000, c2s_port: 0}
            clients:
              - {jid: al@a.test, priority: 128}
            """#) == [
            "t.yaml:5:34: s2s_port must be between 1 and 65535, got 70000",
            "t.yaml:5:51: c2s_port must be between 1 and 65535, got 0",
            "t.yaml:7:32: priority must be between -128 and 127, got 128",
        ])
    }

    @Test func externalHostMustBeLoopback() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            external:
              - {domain: ext.test, host: 192.168.1.10, s2s_port: 5269}
            dns:
              addresses: {spare.test: ["::1", 10.0.0.1]}
            """#) == [
            "t.yaml:5:30: '192.168.1.10' is not a loopback address (expected 127.0.0.0/8 or ::1)",
            "t.yaml:7:35: '10.0.0.1' is not a loopback address (expected 127.0.0.0/8 or ::1)",
        ])
    }

    @Test func presenceShowMustBeKnown() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - jid: al@a.test
                presence: {show: sleeping}
            """#) == ["t.yaml:6:22: unknown presence show 'sleeping' (expected one of: away, chat, dnd, xa)"])
    }

    @Test func s2sNeedsAMethod() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - domain: a.test
                s2s: {external: false, dialback: false}
            """#) == ["t.yaml:5:10: s2s needs at least one of external and dialback for a.test"])
    }

    @Test func stepNeedsExactlyOneAction() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            scenario:
              steps:
                - {at: 1s}
                - {at: 2s, crash: a.test, restart: a.test}
            """#) == [
            "t.yaml:6:7: step has no action (expected one of: connect, disconnect, drop_connection, send, presence, subscribe, crash, restart, cut_link, heal_link, degrade_link, break_dns, restore_dns, wait, chaos)",
            "t.yaml:7:31: step has more than one action: crash, restart (expected exactly one)",
        ])
    }

    @Test func waitNeedsOneConditionAndATimeout() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            clients: [{jid: al@a.test}]
            scenario:
              steps:
                - {at: 1s, wait: {online: "*"}}
                - {at: 1s, wait: {online: "*", federated: [a.test, b.test], timeout: 1s}}
            """#) == [
            "t.yaml:7:22: missing required key 'timeout' in wait",
            "t.yaml:8:36: wait has more than one condition: online, federated (expected exactly one)",
        ])
    }

    @Test func expectationNeedsExactlyOneKind() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            scenario:
              expect:
                - {}
                - {no_stanza_lost: true, connections: {domain: a.test, at: 1s, c2s: 0}}
            """#) == [
            "t.yaml:6:7: expectation has no kind (expected one of: delivered, presence, error, connections, presence_converged, no_stanza_lost)",
            "t.yaml:7:30: expectation has more than one kind: no_stanza_lost, connections (expected exactly one)",
        ])
    }

    @Test func degradeAndConnectionsNeedSomethingToChangeOrCount() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links: [{between: [a.test, b.test]}]
            scenario:
              steps:
                - {at: 1s, degrade_link: {between: [a.test, b.test]}}
              expect:
                - connections: {domain: a.test, at: 2s}
            """#) == [
            "t.yaml:7:30: degrade_link needs at least one of latency, jitter, bandwidth",
            "t.yaml:9:20: connections needs at least one of c2s, s2s",
        ])
    }
}
