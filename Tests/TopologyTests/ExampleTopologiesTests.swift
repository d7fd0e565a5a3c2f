import Foundation
import Testing
import Topology

/// The example files in `Topologies/` load without issues and show what
/// their headers say.
@Suite struct ExampleTopologiesTests {
    static let directory = TestSupport.repositoryRoot.appendingPathComponent("Topologies")

    static var exampleNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    private func load(_ name: String) throws -> Topology {
        try TopologyLoader.load(file: Self.directory.appendingPathComponent(name).path)
    }

    @Test func theExamplesAreThere() {
        #expect(Set(["default.yaml", "dialback-only.yaml", "dns-outage.yaml"]).isSubset(of: Self.exampleNames))
    }

    @Test(arguments: exampleNames)
    func loadsWithoutIssues(name: String) throws {
        let topology = try load(name)
        #expect(topology.name + ".yaml" == name)
    }

    @Test(arguments: exampleNames)
    func startsWithTheSchemaModelineAndAHeader(name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# yaml-language-server: $schema=./schema.json")
        #expect(lines.dropFirst().prefix(4).filter { $0.hasPrefix("# ") }.count >= 2)
    }

    @Test func defaultMeshesThreeDomainsAndCutsAlphaBravo() throws {
        let topology = try load("default.yaml")
        #expect(topology.servers.map(\.domain) == ["alpha.test", "bravo.test", "charlie.test"])
        #expect(topology.links.map(\.pair.description) == [
            "alpha.test <-> bravo.test", "alpha.test <-> charlie.test", "bravo.test <-> charlie.test",
        ])
        #expect(topology.links.allSatisfy { $0.conditions.latency == .milliseconds(20) })
        for domain in ["alpha.test", "bravo.test", "charlie.test"] {
            let clients = topology.clients.filter { $0.domain == domain }
            #expect((2...3).contains(clients.count))
            #expect(clients.allSatisfy { $0.password != nil && $0.password != "secret" })
        }
        #expect(topology.clients.contains { client in client.subscribeTo.contains { !$0.hasSuffix("@" + client.domain) } })
        let actions = topology.scenario.steps.map(\.action)
        let alphaBravo = DomainPairSpec("alpha.test", "bravo.test")
        #expect(actions.first == .wait(.online(clients: ["*"]), timeout: .seconds(2)))
        #expect(topology.scenario.steps.contains { $0.at == .seconds(3) && $0.action == .cutLink(alphaBravo, mode: .blackhole) })
        #expect(topology.scenario.steps.contains { $0.at == .seconds(5) && $0.action == .healLink(alphaBravo) })
        let duringCut = try #require(topology.scenario.steps.first { step in
            if case .sendMessage(_, _, _, "during-cut", _, _) = step.action { return true }
            return false
        })
        #expect(duringCut.at > .seconds(3) && duringCut.at < .seconds(5))
        let kinds = topology.scenario.expectations.map(\.kind)
        #expect(kinds.contains(.delivered(messageID: "during-cut", within: .seconds(4))))
        #expect(kinds.contains { if case .presenceSeen = $0 { true } else { false } })
        #expect(kinds.last == .noStanzaLost(requireDelivery: false))
        #expect(topology.scenario.duration == .seconds(10))
    }

    @Test func dialbackOnlyServersDoNotUseExternal() throws {
        let topology = try load("dialback-only.yaml")
        #expect(topology.servers.count == 2)
        #expect(topology.servers.allSatisfy { $0.s2s == S2SMethods(external: false, dialback: true, bidi: false) })
        let senders = topology.scenario.steps.compactMap { step -> String? in
            if case let .sendMessage(from, _, _, _, _, _) = step.action { return from }
            return nil
        }
        #expect(Set(senders) == ["alice@alpha.test", "bob@bravo.test"])
    }

    @Test func dnsOutageBouncesThenDelivers() throws {
        let topology = try load("dns-outage.yaml")
        let actions = topology.scenario.steps.map(\.action)
        #expect(actions.contains(.breakDNS(domain: "bravo.test", failure: .nxdomain, querier: "alpha.test")))
        #expect(actions.contains(.restoreDNS(domain: "bravo.test")))
        let kinds = topology.scenario.expectations.map(\.kind)
        #expect(kinds.contains(.errorReceived(client: "alice@alpha.test", condition: "remote-server-not-found", messageID: "lost-in-dns", by: .seconds(4))))
        #expect(kinds.contains(.delivered(messageID: "found", within: .seconds(2))))
        #expect(topology.clients.allSatisfy { $0.subscribeTo.isEmpty })
    }

    @Test func soakRunsAMinuteOfStreamManagedTrafficThroughEveryKindOfFault() throws {
        let topology = try load("soak.yaml")
        #expect(Set(topology.servers.map(\.domain)) == ["alpha.test", "bravo.test", "charlie.test"])
        #expect(topology.clients.count == 6)
        #expect(topology.clients.allSatisfy { $0.streamManagement && $0.reconnect == ReconnectSpec() })
        #expect(topology.servers.allSatisfy { $0.streamManagement.resumeTimeout == .seconds(60) })
        var sent = 0
        var kinds: [String: Int] = [:]
        for step in topology.scenario.steps {
            switch step.action {
            case .sendMessage(_, _, _, _, let count, let interval):
                sent += count
                #expect(Duration.milliseconds(200) * (count - 1) >= .seconds(59))
                #expect(interval == .milliseconds(200))
            case .dropConnection: kinds["reset", default: 0] += 1
            case .cutLink(_, let mode): kinds["cut \(mode.rawValue)", default: 0] += 1
            case .healLink: kinds["heal", default: 0] += 1
            case .crashServer: kinds["crash", default: 0] += 1
            case .restartServer: kinds["restart", default: 0] += 1
            default: break
            }
        }
        #expect(sent == 3000)
        #expect(kinds == ["reset": 12, "cut blackhole": 2, "cut reset": 2, "heal": 4, "crash": 1, "restart": 1])
        let faults = topology.scenario.steps.filter { if case .sendMessage = $0.action { false } else if case .wait = $0.action { false } else { true } }
        #expect(faults.allSatisfy { $0.at >= .seconds(3) && $0.at <= .seconds(55) })
        #expect(topology.scenario.duration == .seconds(75))
        let flows = [MessageFlow(from: topology.clients.map(\.name), to: topology.clients.map(\.name))]
        #expect(topology.scenario.expectations.map(\.kind) == [
            .noStanzaLost(requireDelivery: false, flows: flows),
            .noStanzaLost(requireDelivery: false, flows: flows, allowDuplicates: false),
        ])
    }
}
