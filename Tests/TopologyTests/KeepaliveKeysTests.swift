import Testing
import Topology

/// `limits.ping_interval` and `limits.ping_timeout`: the XEP-0199 keepalive
/// of a server, merged with `defaults:` like the other limits.
@Suite struct KeepaliveKeysTests {
    @Test func serversPingAfterAMinuteByDefault() throws {
        let topology = try TopologyLoader.parse("name: t\nseed: 1\nservers: [{domain: a.test}]\n")
        #expect(topology.servers[0].limits.pingInterval == .seconds(60))
        #expect(topology.servers[0].limits.pingTimeout == .seconds(30))
    }

    @Test func pingSettingsMergeWithDefaultsAndNeverTurnsThemOff() throws {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            defaults:
              limits: {ping_interval: 5s, ping_timeout: 2s}
            servers:
              - domain: a.test
              - {domain: b.test, limits: {ping_interval: never}}
              - {domain: c.test, limits: {ping_timeout: 500ms}}
            """)
        #expect(topology.server("a.test")?.limits.pingInterval == .seconds(5))
        #expect(topology.server("a.test")?.limits.pingTimeout == .seconds(2))
        #expect(topology.server("b.test")?.limits.pingInterval == nil)
        #expect(topology.server("b.test")?.limits.pingTimeout == .seconds(2))
        #expect(topology.server("c.test")?.limits.pingInterval == .seconds(5))
        #expect(topology.server("c.test")?.limits.pingTimeout == .milliseconds(500))
    }

    @Test func badPingSettingsAreLocated() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers:
              - {domain: a.test, limits: {ping_interval: sometimes, ping_timeout: 0s}}
            """) == [
            "t.yaml:4:46: bad duration 'sometimes' (expected e.g. 250ms, 2s, 1.5s, 1m)",
            "t.yaml:4:71: ping_timeout must be longer than 0s",
        ])
    }
}
