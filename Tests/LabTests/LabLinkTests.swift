import Lab
import Testing
import Topology
import Trace

/// Links between domains on real loopback TCP: every s2s byte between the
/// pair crosses a relay that applies the link's conditions.
@Suite struct LabLinkTests {
    static let pair = DomainPairSpec("alpha.test", "bravo.test")

    static func linked(_ conditions: LinkConditionsSpec, steps: [ScenarioStep], expectations: [ScenarioExpectation] = [], duration: Duration = .seconds(8)) -> Topology {
        var topology = LabRunTests.twoDomains(steps: steps, expectations: expectations, duration: duration)
        topology.links = [LinkSpec(pair: pair, conditions: conditions)]
        return topology
    }

    static func send(_ id: String, at time: Duration, count: Int = 1, body: String = "hi") -> ScenarioStep {
        ScenarioStep(at: time, action: .sendMessage(from: "alice@alpha.test", to: "bob@bravo.test", body: body, id: id, count: count, interval: .zero))
    }

    static let warmUp: [ScenarioStep] = [
        ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(5))),
        send("warm", at: .zero),
        ScenarioStep(at: .zero, action: .wait(.delivered(messageID: "warm"), timeout: .seconds(5))),
    ]

    @Test func latencyMeasuredEndToEndMatchesTheLink() async throws {
        let topology = Self.linked(
            LinkConditionsSpec(latency: .milliseconds(150)),
            steps: Self.warmUp + [Self.send("probe", at: .milliseconds(100), count: 5)],
            expectations: [ScenarioExpectation(.delivered(messageID: "probe", within: .seconds(2)))]
        )
        let summary = try await Lab.run(topology)
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
        let flow = try #require(summary.latency.first { $0.flow == "alpha.test -> bravo.test" })
        // One link crossing each way of the path: the latency is a floor, loopback adds little.
        #expect(flow.p50Milliseconds >= 150)
        #expect(flow.p50Milliseconds < 400)
        let link = try #require(summary.links.first)
        #expect(link.bytes > 0)
        #expect(link.maxDelayMilliseconds >= 150)
    }

    @Test func bandwidthCapsThroughput() async throws {
        let body = String(repeating: "x", count: 1000)
        let topology = Self.linked(
            LinkConditionsSpec(bandwidth: 10_000),
            steps: Self.warmUp + [Self.send("bulk", at: .milliseconds(50), count: 10, body: body)],
            expectations: [ScenarioExpectation(.delivered(messageID: "bulk", within: .seconds(5)))]
        )
        let summary = try await Lab.run(topology)
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
        let flow = try #require(summary.latency.first { $0.flow == "alpha.test -> bravo.test" })
        // Ten messages of over 1,000 bytes at 10,000 B/s: the last needs about a second.
        #expect(flow.p99Milliseconds >= 800)
    }

    /// `1.5s` or `976.8ms` after `marker`, in seconds.
    static func seconds(after marker: String, in text: String) -> Double? {
        guard let range = text.range(of: marker) else { return nil }
        let value = text[range.upperBound...].prefix { $0 != " " && $0 != "," }
        if value.hasSuffix("ms") { return Double(value.dropLast(2)).map { $0 / 1000 } }
        if value.hasSuffix("s") { return Double(value.dropLast()) }
        return nil
    }

    @Test func aCutLinkStallsAndRecoversWithNothingLost() async throws {
        let topology = Self.linked(
            LinkConditionsSpec(latency: .milliseconds(10)),
            steps: Self.warmUp + [
                ScenarioStep(at: .milliseconds(100), action: .cutLink(Self.pair, mode: .blackhole)),
                Self.send("during", at: .milliseconds(150)),
                ScenarioStep(at: .milliseconds(1150), action: .healLink(Self.pair)),
            ],
            expectations: [
                ScenarioExpectation(.delivered(messageID: "during", within: .seconds(3))),
                ScenarioExpectation(.noStanzaLost(requireDelivery: true)),
            ]
        )
        let sink = MemoryTraceSink()
        var options = Lab.Options(trace: sink)
        options.recordingDetail = .hops
        let summary = try await Lab.run(topology, options: options)
        #expect(summary.passed, "\(summary.expectations) \(summary.problems)")
        let during = try #require(summary.expectations.first)
        // Held for the whole cut: it cannot have arrived before the heal.
        #expect((during.observedAt ?? 0) >= 1.15)
        // The trace says what the link did: the message held for about the second
        // the link was down (its bytes toward bravo.test, sent 150 ms in, held until 1150 ms less
        // the time the cut and heal took to reach the connection), every chunk's delay.
        let stalls = sink.events.filter { $0.kind == .linkStall }
        let held = try #require(stalls.first { $0.detail.contains("toward bravo.test held while the link was down") }, "\(stalls.map(\.detail))")
        #expect(held.node == "alpha.test <-> bravo.test")
        #expect((held.bytes ?? 0) > 0)
        let oldest = try #require(Self.seconds(after: "the oldest for ", in: held.detail))
        #expect(oldest > 0.5 && oldest < 1.5, "\(held.detail)")
        let delays = sink.events.filter { $0.kind == .linkDelay }
        #expect(delays.count >= 4)
        #expect(delays.allSatisfy { $0.node == "alpha.test <-> bravo.test" && $0.detail.contains(" after ") })
    }
}
