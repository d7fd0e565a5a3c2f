import Testing
import Topology

/// `stream_management` of servers (a switch or a mapping, merged with
/// defaults key by key) and of clients, and clients' `reconnect`.
@Suite struct StreamManagementKeysTests {
    @Test func serverStreamManagementIsOnWithTheXEPDefaults() throws {
        let topology = try TopologyLoader.parse("name: t\nseed: 1\nservers: [{domain: a.test}]\n")
        #expect(topology.servers[0].streamManagement == StreamManagementSpec())
        #expect(StreamManagementSpec() == StreamManagementSpec(
            enabled: true, resumption: true, resumeTimeout: .seconds(300), ackEvery: 5, ackAfter: .seconds(1), maxUnacknowledged: 10_000
        ))
    }

    @Test func aMappingSetsEachSettingAndMergesWithDefaults() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            defaults:
              stream_management: {resume_timeout: 60s, ack_every: 0, ack_after: never}
            servers:
              - domain: a.test
              - {domain: b.test, stream_management: {ack_after: 250ms, max_unacked: 50, resumption: false}}
              - {domain: c.test, stream_management: false}
            """)
        #expect(topology.server("a.test")?.streamManagement == StreamManagementSpec(
            resumeTimeout: .seconds(60), ackEvery: 0, ackAfter: nil
        ))
        #expect(topology.server("b.test")?.streamManagement == StreamManagementSpec(
            resumption: false, resumeTimeout: .seconds(60), ackEvery: 0, ackAfter: .milliseconds(250), maxUnacknowledged: 50
        ))
        // false only switches it off; the merged settings stay.
        #expect(topology.server("c.test")?.streamManagement == StreamManagementSpec(
            enabled: false, resumeTimeout: .seconds(60), ackEvery: 0, ackAfter: nil
        ))
    }

    @Test func badStreamManagementSettingsAreLocated() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - domain: a.test
                stream_management: {resume_timeout: 0s, ack_every: -1, ack_after: soon, max_unacked: 0, acks: 3}
            """#) == [
            "t.yaml:5:41: resume_timeout must be longer than 0s",
            "t.yaml:5:56: ack_every must be at least 0, got -1",
            "t.yaml:5:71: bad duration 'soon' (expected e.g. 250ms, 2s, 1.5s, 1m)",
            "t.yaml:5:90: max_unacked must be at least 1, got 0",
            "t.yaml:5:93: unknown key 'acks' in stream_management (expected one of: enabled, resumption, resume_timeout, ack_every, ack_after, max_unacked)",
        ])
    }

    @Test func clientsGoWithoutStreamManagementUnlessAsked() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - jid: plain@a.test
              - {jid: managed@a.test, stream_management: true}
              - {jid: patient@a.test, stream_management: true, reconnect: {after: 50ms, max_after: 400ms}}
              - {jid: stubborn@a.test, stream_management: true, reconnect: false}
              - {jid: eager@a.test, reconnect: true}
              - {jid: "many{n}@a.test", count: 2, stream_management: true, reconnect: {after: 1s}}
            """)
        let byName = Dictionary(uniqueKeysWithValues: topology.clients.map { ($0.name, $0) })
        #expect(byName["plain@a.test"]?.streamManagement == false)
        #expect(byName["plain@a.test"]?.reconnect == nil)
        #expect(byName["managed@a.test"]?.streamManagement == true)
        #expect(byName["managed@a.test"]?.reconnect == ReconnectSpec(after: .milliseconds(200), maxAfter: .seconds(2)))
        #expect(byName["patient@a.test"]?.reconnect == ReconnectSpec(after: .milliseconds(50), maxAfter: .milliseconds(400)))
        #expect(byName["stubborn@a.test"]?.streamManagement == true)
        #expect(byName["stubborn@a.test"]?.reconnect == nil)
        #expect(byName["eager@a.test"]?.streamManagement == false)
        #expect(byName["eager@a.test"]?.reconnect == ReconnectSpec())
        #expect(byName["many2@a.test"]?.reconnect == ReconnectSpec(after: .seconds(1), maxAfter: .seconds(2)))
    }

    @Test func badReconnectSettingsAreLocated() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - {jid: x@a.test, reconnect: {after: 2s, max_after: 1s}}
              - {jid: y@a.test, reconnect: sometimes, stream_management: 1}
              - {jid: z@a.test, reconnect: {after: 1s, later: 2s}}
            """#) == [
            "t.yaml:5:55: max_after (1s) is shorter than after (2s)",
            "t.yaml:6:32: expected true, false or a mapping for reconnect, got the string 'sometimes'",
            "t.yaml:6:62: expected true or false, got the integer 1",
            "t.yaml:7:44: unknown key 'later' in reconnect (expected one of: after, max_after)",
        ])
    }
}
