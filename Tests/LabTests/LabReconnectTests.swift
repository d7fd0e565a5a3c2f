import Lab
import Testing
import Topology
import Trace

/// Stream-managed clients that lose their connection come back by
/// themselves; a clean disconnect, or a client without reconnection, stays
/// offline.
@Suite struct LabReconnectTests {
    static let quick = ReconnectSpec(after: .milliseconds(50), maxAfter: .milliseconds(200))

    static func pair(streamManagement: Bool, mutual: Bool = false, steps: [ScenarioStep], expectations: [ScenarioExpectation] = [], duration: Duration) -> Topology {
        let reconnect = streamManagement ? quick : nil
        return Topology(
            name: "reconnect", seed: 21,
            servers: [ServerSpec(domain: "alpha.test"), ServerSpec(domain: "bravo.test")],
            clients: [
                ClientSpec(
                    name: "alice@alpha.test", username: "alice", domain: "alpha.test", password: "a-pw", subscribeTo: ["bob@bravo.test"],
                    streamManagement: streamManagement, reconnect: reconnect
                ),
                ClientSpec(
                    name: "bob@bravo.test", username: "bob", domain: "bravo.test", password: "b-pw", subscribeTo: mutual ? ["alice@alpha.test"] : [],
                    streamManagement: streamManagement, reconnect: reconnect
                ),
            ],
            scenario: Scenario(duration: duration, steps: steps, expectations: expectations)
        )
    }

    static func traffic(from start: Duration) -> [ScenarioStep] {
        [
            ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
            ScenarioStep(at: start, action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "ab", id: "ab", count: 20, interval: .milliseconds(25))),
            ScenarioStep(at: start, action: .sendMessage(from: "bob@bravo.test", to: "alice@alpha.test", body: "ba", id: "ba", count: 20, interval: .milliseconds(25))),
        ]
    }

    @Test func aDroppedStreamManagedClientResumesWithNothingLostOrDoubled() async throws {
        let topology = Self.pair(
            streamManagement: true,
            steps: Self.traffic(from: .milliseconds(100)) + [
                ScenarioStep(at: .milliseconds(250), action: .dropConnection(client: "alice@alpha.test")),
                ScenarioStep(at: .milliseconds(400), action: .dropConnection(client: "bob@bravo.test")),
            ],
            expectations: [ScenarioExpectation(.noStanzaLost(requireDelivery: true, allowDuplicates: false))],
            duration: .seconds(3)
        )
        let sink = MemoryTraceSink()
        let summary = try await Lab.run(topology, options: Lab.Options(trace: sink))
        #expect(summary.problems == [])
        #expect(summary.expectations.allSatisfy { $0.passed }, "\(summary.expectations.map(\.detail))")
        #expect(summary.flows.map(\.flow) == ["alice@alpha.test -> bob@bravo.test", "bob@bravo.test -> alice@alpha.test"])
        #expect(summary.flows.allSatisfy { $0.sent == 20 && $0.delivered == 20 && $0.duplicated == 0 && $0.lost == 0 })
        // client: lost, resumed, new sessions, failed attempts
        #expect(summary.reconnections.map { "\($0.client): \($0.lost) \($0.resumed) \($0.newSessions) \($0.failedAttempts)" } == [
            "alice@alpha.test: 1 1 0 0",
            "bob@bravo.test: 1 1 0 0",
        ])
        #expect(summary.faults.map(\.description) == ["connection dropped", "connection dropped"])
        #expect(summary.clientsOnlineAtEnd == 2)
        let resumptions = sink.events.filter { $0.kind == .smResume && $0.connection == nil }
        #expect(resumptions.map(\.node).sorted() == ["alice@alpha.test", "bob@bravo.test"])
        #expect(resumptions.allSatisfy { $0.detail.hasPrefix("session resumed") })
        // The servers' side of it, on the new c2s connections.
        let resumed = sink.events.filter { $0.kind == .smResume && $0.connection != nil && $0.direction == .outgoing }
        #expect(resumed.map(\.node).sorted() == ["alpha.test", "bravo.test"])
        #expect(resumed.allSatisfy { $0.detail.hasPrefix("resumed h=") })
        // Those connections are recorded with the account whose session they resumed.
        let resumingIDs = Set(resumed.compactMap(\.connection))
        let peers = sink.connections.filter { resumingIDs.contains($0.id) }.map { "\($0.node) \($0.peer ?? "?")" }.sorted()
        #expect(peers == ["alpha.test alice@alpha.test", "bravo.test bob@bravo.test"])
    }

    @Test func messagesSentWhileReconnectingWaitForTheNewStream() async throws {
        // A message every 5 ms through the drop: some are sent while the
        // reconnection negotiates, and must not be written into that stream.
        let topology = Self.pair(
            streamManagement: true,
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(100), action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: "x", id: "burst", count: 100, interval: .milliseconds(5))),
                ScenarioStep(at: .milliseconds(150), action: .dropConnection(client: "alice@alpha.test")),
            ],
            expectations: [ScenarioExpectation(.noStanzaLost(requireDelivery: true, allowDuplicates: false))],
            duration: .seconds(2)
        )
        let summary = try await Lab.run(topology)
        #expect(summary.expectations.allSatisfy { $0.passed }, "\(summary.expectations.map(\.detail))")
        // One loss, and the first attempt resumes: a stanza written into the
        // negotiation would have the server close that stream.
        let alice = try #require(summary.reconnections.first)
        #expect(alice.lost == 1)
        #expect(alice.resumed == 1)
        #expect(alice.failedAttempts == 0)
    }

    @Test func aCleanDisconnectIsNotFollowedByAReconnection() async throws {
        let topology = Self.pair(
            streamManagement: true,
            steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(100), action: .disconnect(clients: ["alice@alpha.test"])),
            ],
            // Half a second later (ten times the first reconnection wait) alpha.test holds no session.
            expectations: [ScenarioExpectation(.connectionCount(domain: "alpha.test", at: .milliseconds(600), c2s: 0, s2s: nil))],
            duration: .seconds(1)
        )
        let summary = try await Lab.run(topology)
        #expect(summary.problems == [])
        #expect(summary.expectations.allSatisfy { $0.passed }, "\(summary.expectations.map(\.detail))")
        #expect(summary.reconnections.isEmpty)
        #expect(summary.clientsOnlineAtEnd == 1)
    }

    @Test func withoutReconnectionADroppedClientStaysOfflineAndItsMessagesAreLost() async throws {
        let topology = Self.pair(
            streamManagement: false,
            steps: Self.traffic(from: .milliseconds(300)) + [
                ScenarioStep(at: .milliseconds(100), action: .dropConnection(client: "alice@alpha.test")),
            ],
            duration: .seconds(2)
        )
        let summary = try await Lab.run(topology)
        #expect(summary.reconnections.isEmpty)
        #expect(summary.clientsOnlineAtEnd == 1)
        // Alice's own messages never leave (she is offline); Bob's wait in offline storage.
        let fromAlice = try #require(summary.flows.first { $0.from == "alice@alpha.test" })
        let toAlice = try #require(summary.flows.first { $0.to == "alice@alpha.test" })
        #expect(fromAlice.lost == 20)
        #expect(toAlice.lost == 20)
        #expect(summary.messages.unaccounted == 40)
    }

    /// The server crashes with traffic both ways: its stream-managed
    /// sessions are kept as on disk (durable queues, the default), so after
    /// the restart its client resumes, and nothing is lost or doubled.
    @Test func aCrashedServersClientsResumeAfterTheRestart() async throws {
        let topology = Self.pair(
            streamManagement: true, mutual: true,
            steps: Self.traffic(from: .milliseconds(100)) + [
                ScenarioStep(at: .zero, action: .wait(.presenceSeen(observer: "bob@bravo.test", of: "alice@alpha.test"), timeout: .seconds(5))),
                ScenarioStep(at: .milliseconds(300), action: .crashServer(domain: "alpha.test")),
                ScenarioStep(at: .milliseconds(900), action: .restartServer(domain: "alpha.test")),
                ScenarioStep(at: .milliseconds(1500), action: .sendMessage(from: "bob@bravo.test", to: "alice@alpha.test", body: "after", id: "after", count: 1, interval: .zero)),
            ],
            expectations: [
                ScenarioExpectation(.delivered(messageID: "after", within: .seconds(2))),
                ScenarioExpectation(.noStanzaLost(requireDelivery: false, allowDuplicates: true)),
            ],
            duration: .seconds(4)
        )
        let sink = MemoryTraceSink()
        let summary = try await Lab.run(topology, options: Lab.Options(trace: sink))
        #expect(summary.problems == [])
        #expect(summary.expectations.allSatisfy { $0.passed }, "\(summary.expectations.map(\.detail))")
        let alice = try #require(summary.reconnections.first { $0.client == "alice@alpha.test" })
        #expect(alice.lost == 1)
        #expect(alice.resumed == 1)
        #expect(alice.newSessions == 0)
        // The server was down for 600 ms: the first attempts found it down.
        #expect(alice.failedAttempts >= 1)
        #expect(summary.clientsOnlineAtEnd == 2)
        #expect(summary.flows.allSatisfy { $0.lost == 0 }, "\(summary.flows)")
        #expect(sink.events.contains { $0.kind == .smResume })
    }
}
