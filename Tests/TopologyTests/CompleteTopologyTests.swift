import Foundation
import Testing
import Topology

/// `Fixtures/complete.yaml` uses every section; each test checks one part
/// of the model it becomes.
@Suite struct CompleteTopologyTests {
    let topology: Topology

    init() throws {
        topology = try TopologyLoader.load(file: try TestSupport.fixturePath("complete"))
    }

    @Test func headerFields() {
        #expect(topology.name == "complete")
        #expect(topology.seed == UInt64.max)
        #expect(topology.summary == "every section once")
        #expect(topology.sourceFile.hasSuffix("Fixtures/complete.yaml"))
        #expect(topology.sourceText.hasPrefix("# Every section of the format"))
    }

    @Test func serversAreSortedWithDefaultsAndOverrides() throws {
        #expect(topology.servers.map(\.domain) == ["alpha.test", "bravo.test"])
        let alpha = try #require(topology.server("alpha.test"))
        #expect(alpha.accounts == [AccountSpec(username: "admin", password: "hunter2")])
        #expect(alpha.tls == .optional)
        #expect(alpha.saslMechanisms == ["ANONYMOUS", "PLAIN"])
        #expect(alpha.streamManagement == StreamManagementSpec(enabled: false, resumeTimeout: .seconds(60), ackAfter: nil))
        #expect(alpha.resourceConflict == .refuseNew)
        #expect(alpha.limits == ServerLimits(maxStanzaBytes: 65536, maxAuthAttempts: 3, negotiationTimeout: .seconds(5), offlineMessages: 100))
        #expect(alpha.location.line == 17)
        let bravo = try #require(topology.server("bravo.test"))
        #expect(bravo.tls == .required)
        #expect(bravo.saslMechanisms == ["SCRAM-SHA-256", "PLAIN"])
        #expect(bravo.s2s == S2SMethods(external: false, dialback: true, bidi: false))
        #expect(bravo.limits.offlineMessages == 0)
        #expect(bravo.limits.maxStanzaBytes == 65536)
    }

    @Test func externalDomains() {
        #expect(topology.externalDomains == [
            ExternalDomainSpec(domain: "prosody.xmpplab", host: "127.0.0.1", s2sPort: 5269, c2sPort: 5222,
                               location: topology.externalDomains.first?.location ?? .unknown),
        ])
        #expect(topology.externalDomains.first?.location.line == 21)
        #expect(topology.externalDomains.first?.location.column == 5)
    }

    @Test func dnsRecords() throws {
        let records = topology.dns.records
        #expect(records.map(\.domain) == ["bravo.test", "alpha.test", "prosody.xmpplab"])
        #expect(records[0].srv == [
            SRVSpec(priority: 0, weight: 10, target: "bravo.test", port: .server("bravo.test")),
            SRVSpec(priority: 10, weight: 0, target: "backup.bravo.test", port: .fixed(5270)),
            SRVSpec(priority: 20, weight: 0, target: "gone.bravo.test", port: .dead),
            SRVSpec(priority: 5, weight: 0, target: "spare.test", port: .server("bravo.test")),
        ])
        #expect(records[1].service == .client)
        #expect(records[1].notOffered)
        #expect(records[1].srv.isEmpty)
        #expect(records[2].srv.isEmpty)
        #expect(!records[2].notOffered)
    }

    @Test func dnsAddressesOverridesAndFailures() {
        #expect(topology.dns.addresses == [
            HostAddresses(host: "backup.bravo.test", addresses: ["127.0.0.2", "::1"]),
            HostAddresses(host: "spare.test", addresses: ["127.0.0.3"]),
        ])
        #expect(topology.dns.overrides.count == 1)
        #expect(topology.dns.overrides.first?.querier == "alpha.test")
        #expect(topology.dns.overrides.first?.srv == [SRVSpec(target: "bravo.test", port: .dead)])
        #expect(topology.dns.failures == [DNSFailureSpec(domain: "prosody.xmpplab", failure: .servfail, querier: "alpha.test")])
    }

    @Test func linksAreSortedAndConverted() throws {
        #expect(topology.links.map(\.pair) == [
            DomainPairSpec("alpha.test", "bravo.test"), DomainPairSpec("alpha.test", "prosody.xmpplab"),
        ])
        let link = try #require(topology.link(between: "bravo.test", and: "alpha.test"))
        #expect(link.conditions == LinkConditionsSpec(latency: .milliseconds(50), jitter: .milliseconds(10), bandwidth: 125_000))
        #expect(link.initialState == .up)
        #expect(topology.link(between: "alpha.test", and: "prosody.xmpplab")?.initialState == .down)
    }

    @Test func clients() throws {
        #expect(topology.clients.map(\.name) == [
            "alice@alpha.test", "bob@bravo.test", "guest@alpha.test", "user1@bravo.test", "user2@bravo.test", "user3@bravo.test",
        ])
        let alice = try #require(topology.client(named: "alice@alpha.test"))
        #expect(alice.username == "alice")
        #expect(alice.domain == "alpha.test")
        #expect(alice.password == "wonderland")
        #expect(alice.mechanism == "PLAIN")
        #expect(alice.resource == "laptop")
        #expect(alice.priority == 5)
        #expect(alice.initialPresence == PresenceSpec(show: "away", status: "at lunch"))
        #expect(alice.groups == ["team"])
        #expect(alice.subscribeTo == ["bob@bravo.test", "group:team"])
        #expect(alice.connectAtStart)
        let bob = try #require(topology.client(named: "bob@bravo.test"))
        #expect(bob.initialPresence == nil)
        #expect(!bob.connectAtStart)
        #expect(bob.streamManagement)
        #expect(bob.reconnect == ReconnectSpec(after: .milliseconds(100), maxAfter: .seconds(1)))
        #expect(!alice.streamManagement)
        #expect(alice.reconnect == nil)
        #expect(topology.client(named: "guest@alpha.test")?.password == nil)
        let user2 = try #require(topology.client(named: "user2@bravo.test"))
        #expect(user2.password == "pw2")
        #expect(user2.resource == "r2")
    }

    @Test func stepsAreInTimeOrder() throws {
        let scenario = topology.scenario
        #expect(scenario.duration == .seconds(90))
        #expect(scenario.steps.count == 18 + 2 + 2 + 2)
        #expect(scenario.steps.map(\.at) == scenario.steps.map(\.at).sorted())
        #expect(scenario.steps[0].action == .wait(.online(clients: ["*"]), timeout: .seconds(5)))
        #expect(scenario.steps[0].location.line == 68)
        #expect(scenario.steps[1].action == .connect(clients: ["bob@bravo.test"]))
        let actions = scenario.steps.map(\.action)
        #expect(actions.contains(.sendMessage(from: "alice@alpha.test", to: "bob@bravo.test/desk", body: "hi", id: "hello", count: 3, interval: .milliseconds(100))))
        #expect(actions.contains(.sendMessage(from: "bob@bravo.test", to: "nobody@zulu.test", body: "into the void", id: "m70", count: 1, interval: .zero)))
        #expect(actions.contains(.sendPresence(from: "alice@alpha.test", presence: PresenceSpec(show: "dnd", status: "busy"))))
        #expect(actions.contains(.subscribe(from: "guest@alpha.test", to: "user1@bravo.test")))
        #expect(actions.contains(.crashServer(domain: "bravo.test")))
        #expect(actions.contains(.restartServer(domain: "bravo.test")))
        #expect(actions.contains(.cutLink(DomainPairSpec("alpha.test", "bravo.test"), mode: .reset)))
        #expect(actions.contains(.healLink(DomainPairSpec("alpha.test", "bravo.test"))))
        #expect(actions.contains(.degradeLink(DomainPairSpec("alpha.test", "bravo.test"), latency: .milliseconds(600), jitter: nil, bandwidth: 8192)))
        #expect(actions.contains(.breakDNS(domain: "bravo.test", failure: .nxdomain, querier: "alpha.test")))
        #expect(actions.contains(.restoreDNS(domain: "bravo.test")))
        #expect(actions.contains(.disconnect(clients: ["*"])))
        #expect(actions.contains(.dropConnection(client: "alice@alpha.test")))
        #expect(actions.contains(.wait(.delivered(messageID: "hello-2"), timeout: .seconds(1))))
        #expect(actions.contains(.wait(.presenceSeen(observer: "bob@bravo.test", of: "alice@alpha.test"), timeout: .seconds(2))))
        #expect(actions.contains(.wait(.federated(DomainPairSpec("alpha.test", "bravo.test")), timeout: .seconds(3))))
        // The chaos step, expanded: two resets of alice, one reset cut of 2s, one crash of bravo for 1-2s, all within 20s-30s.
        let chaos = scenario.steps.filter { $0.location.line == 85 }
        #expect(chaos.count == 6)
        #expect(chaos.allSatisfy { $0.at >= .seconds(20) && $0.at <= .seconds(30) })
        #expect(chaos.filter { $0.action == .dropConnection(client: "alice@alpha.test") }.count == 2)
        #expect(chaos.contains { $0.action == .cutLink(DomainPairSpec("alpha.test", "bravo.test"), mode: .reset) })
        #expect(chaos.contains { $0.action == .crashServer(domain: "bravo.test") })
    }

    @Test func expectations() {
        #expect(topology.scenario.expectations.map(\.kind) == [
            .delivered(messageID: "hello", within: .seconds(2)),
            .presenceSeen(observer: "bob@bravo.test", of: "alice@alpha.test", show: "away", after: .seconds(2), within: .seconds(3)),
            .errorReceived(client: "bob@bravo.test", condition: "remote-server-not-found", messageID: "m70", by: .seconds(8)),
            .connectionCount(domain: "alpha.test", at: .seconds(5), c2s: 3, s2s: 1),
            .noStanzaLost(requireDelivery: true),
            .presenceConverged(by: .seconds(5)),
            .noStanzaLost(requireDelivery: false, flows: [
                MessageFlow(from: ["alice@alpha.test", "bob@bravo.test"], to: ["*"]),
                MessageFlow(from: ["guest@alpha.test"], to: ["bob@bravo.test"]),
            ], allowDuplicates: false),
        ])
        #expect(topology.scenario.expectations.map(\.location.line) == [87, 88, 89, 90, 91, 92, 93])
    }
}
