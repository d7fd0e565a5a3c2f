import Testing
import Topology

/// `chaos:` steps: expanded when the file is read into ordinary steps,
/// the same for the same seed, inside their window, one kind never
/// overlapping itself.
@Suite struct ChaosStepTests {
    static let file = """
        name: t
        seed: 42
        servers: [{domain: alpha.test}, {domain: bravo.test}, {domain: charlie.test}]
        links:
          - {between: [alpha.test, bravo.test]}
          - {between: [bravo.test, charlie.test]}
        clients:
          - jid: alice@alpha.test
          - jid: bob@bravo.test
          - jid: carol@charlie.test
        scenario:
          duration: 30s
          steps:
            - {at: 1s, send: {from: alice@alpha.test, to: bob@bravo.test, body: hi, id: hi}}
            - at: 2s
              chaos:
                until: 20s
                connection_resets: 6
                clients: [alice@alpha.test, bob@bravo.test]
                link_cuts: 4
                cut_modes: [blackhole, reset]
                link_down: [500ms, 2s]
                server_crashes: 2
                servers: [bravo.test, charlie.test]
                server_down: 1s
        """

    private func steps(_ text: String = file) throws -> [ScenarioStep] {
        try TopologyLoader.parse(text, file: "t.yaml").scenario.steps
    }

    @Test func expandsIntoOrdinarySteps() throws {
        let steps = try steps()
        let chaos = steps.filter { $0.location.line == 15 }
        #expect(steps.count == 1 + 6 + 4 * 2 + 2 * 2)
        #expect(chaos.allSatisfy { $0.at >= .seconds(2) && $0.at <= .seconds(20) })
        #expect(chaos.map(\.at) == chaos.map(\.at).sorted())
        let resets = chaos.compactMap { step -> String? in
            if case .dropConnection(let client) = step.action { return client }
            return nil
        }
        #expect(resets.count == 6)
        #expect(Set(resets).isSubset(of: ["alice@alpha.test", "bob@bravo.test"]))
        let cuts = chaos.compactMap { step -> (Duration, DomainPairSpec, LinkCutMode)? in
            if case .cutLink(let pair, let mode) = step.action { return (step.at, pair, mode) }
            return nil
        }
        let heals = chaos.compactMap { step -> (Duration, DomainPairSpec)? in
            if case .healLink(let pair) = step.action { return (step.at, pair) }
            return nil
        }
        #expect(cuts.count == 4)
        #expect(cuts.map(\.2) == [.blackhole, .reset, .blackhole, .reset])
        #expect(heals.count == 4)
        // Each cut is healed 500ms to 2s later, before the next cut starts.
        for (index, cut) in cuts.enumerated() {
            let heal = heals[index]
            #expect(heal.1 == cut.1)
            #expect(heal.0 - cut.0 >= .milliseconds(500) && heal.0 - cut.0 <= .seconds(2))
            if index + 1 < cuts.count { #expect(heal.0 <= cuts[index + 1].0) }
        }
        let crashes = chaos.compactMap { step -> (Duration, String)? in
            if case .crashServer(let domain) = step.action { return (step.at, domain) }
            return nil
        }
        let restarts = chaos.compactMap { step -> (Duration, String)? in
            if case .restartServer(let domain) = step.action { return (step.at, domain) }
            return nil
        }
        #expect(crashes.count == 2)
        #expect(zip(crashes, restarts).allSatisfy { $1.1 == $0.1 && $1.0 - $0.0 == .seconds(1) })
        #expect(crashes.allSatisfy { ["bravo.test", "charlie.test"].contains($0.1) })
    }

    @Test func theSameSeedGivesTheSameTimelineAndAnotherSeedAnother() throws {
        let first = try steps()
        #expect(try steps() == first)
        let reseeded = try steps(Self.file.replacingOccurrences(of: "seed: 42", with: "seed: 43"))
        #expect(reseeded.count == first.count)
        #expect(reseeded != first)
    }

    @Test func moreResetsDoNotMoveTheCutsOrCrashes() throws {
        func others(_ steps: [ScenarioStep]) -> [ScenarioStep] {
            steps.filter { if case .dropConnection = $0.action { false } else { true } }
        }
        let more = try steps(Self.file.replacingOccurrences(of: "connection_resets: 6", with: "connection_resets: 9"))
        #expect(others(more) == others(try steps()))
    }

    @Test func defaultsTakeEveryClientLinkAndServer() throws {
        let steps = try steps("""
            name: t
            seed: 7
            servers: [{domain: alpha.test}, {domain: bravo.test}]
            links: [{between: [alpha.test, bravo.test]}]
            clients: [{jid: alice@alpha.test}, {jid: bob@bravo.test}]
            scenario:
              duration: 60s
              steps:
                - {at: 0s, chaos: {until: 50s, connection_resets: 40, link_cuts: 3, server_crashes: 4}}
            """)
        let clients = Set(steps.compactMap { if case .dropConnection(let client) = $0.action { client } else { nil } })
        #expect(clients == ["alice@alpha.test", "bob@bravo.test"])
        let modes = Set(steps.compactMap { if case .cutLink(_, let mode) = $0.action { mode } else { nil } })
        #expect(modes == [.blackhole])
        let servers = Set(steps.compactMap { if case .crashServer(let domain) = $0.action { domain } else { nil } })
        #expect(servers == ["alpha.test", "bravo.test"])
        let crashes = steps.filter { if case .crashServer = $0.action { true } else { false } }
        let restarts = steps.filter { if case .restartServer = $0.action { true } else { false } }
        for (crash, restart) in zip(crashes, restarts) {
            #expect(restart.at - crash.at >= .seconds(1) && restart.at - crash.at <= .seconds(3))
        }
    }

    @Test func mistakesAreLocated() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: alpha.test}, {domain: bravo.test}]
            clients: [{jid: alice@alpha.test}]
            scenario:
              duration: 10s
              steps:
                - {at: 5s, chaos: {until: 4s, connection_resets: 1}}
                - {at: 1s, chaos: {until: 9s}}
                - {at: 1s, chaos: {until: 9s, link_cuts: 2}}
                - {at: 1s, chaos: {until: 3s, server_crashes: 3, server_down: [1s, 2s]}}
                - {at: 1s, chaos: {until: 11s, connection_resets: 1, clients: [zed@alpha.test]}}
                - {at: 1s, chaos: {until: 9s, server_crashes: 1, server_down: [2s, 1s], cut_modes: [], every: 1s}}
            """#) == [
            "t.yaml:8:31: chaos until 4s is not after the step's at 5s",
            "t.yaml:9:23: chaos needs at least one of connection_resets, link_cuts, server_crashes",
            "t.yaml:10:46: chaos has link_cuts but no link to cut (the topology has no links)",
            "t.yaml:11:23: chaos: 3 server crashes of at least 1s do not fit between 1s and 3s (666ms each)",
            "t.yaml:12:31: chaos until at 11s is after the end of the scenario (duration 10s)",
            "t.yaml:12:68: chaos names unknown client 'zed@alpha.test'",
            "t.yaml:13:67: server_down: the shortest (2s) is longer than the longest (1s)",
            "t.yaml:13:88: cut_modes needs at least one mode (expected some of: blackhole, reset)",
            "t.yaml:13:92: unknown key 'every' in chaos (expected one of: until, connection_resets, clients, link_cuts, links, cut_modes, link_down, server_crashes, servers, server_down)",
        ])
    }
}
