import Testing
import Topology

/// Durations and bandwidths as written in a link, read back from the model.
@Suite struct ValueTextTests {
    private func link(_ conditions: String) throws -> LinkConditionsSpec {
        let topology = try TopologyLoader.parse("""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links: [{between: [a.test, b.test], \(conditions)}]
            """)
        return try #require(topology.links.first).conditions
    }

    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("2s", .seconds(2)),
        ("1.5s", .milliseconds(1500)),
        ("1m", .seconds(60)),
        ("0s", .zero),
        ("1m30s", .seconds(90)),
        ("1h", .seconds(3600)),
        ("0.25ms", .microseconds(250)),
    ])
    func durations(text: String, expected: Duration) throws {
        #expect(try link("latency: \(text)").latency == expected)
    }

    @Test(arguments: ["5 parsecs", "5", "1.5", "-1s", "s", "1.s", "2s1m", "1s1s", "10 s", "1ms2s"])
    func badDurations(text: String) {
        let issues = TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links: [{between: [a.test, b.test], latency: "\(text)"}]
            """)
        #expect(issues == ["t.yaml:4:46: bad duration '\(text)' (expected e.g. 250ms, 2s, 1.5s, 1m)"])
    }

    @Test func anIntegerIsNotADuration() {
        #expect(TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            scenario: {duration: 10}
            """) == ["t.yaml:4:22: bad duration '10' (expected e.g. 250ms, 2s, 1.5s, 1m)"])
    }

    @Test(arguments: [
        ("125000", 125_000),
        ("1Mbit", 125_000),
        ("1.5Mbit", 187_500),
        ("512kbit", 64_000),
        ("1Gbit", 125_000_000),
        ("800bit", 100),
        ("100B/s", 100),
        ("8KB/s", 8_000),
        ("2MB/s", 2_000_000),
        ("8KiB/s", 8_192),
        ("1MiB/s", 1_048_576),
        ("10 Mbit", 1_250_000),
    ])
    func bandwidths(text: String, bytesPerSecond: Int) throws {
        #expect(try link("bandwidth: \(text)").bandwidth == bytesPerSecond)
    }

    @Test(arguments: ["fast", "1Mbps", "1 parsec", "1.Mbit", "Mbit", "1Kb/s"])
    func badBandwidths(text: String) {
        let issues = TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links: [{between: [a.test, b.test], bandwidth: "\(text)"}]
            """)
        #expect(issues == ["t.yaml:4:48: bad bandwidth '\(text)' (expected e.g. 1Mbit, 512kbit, 64KiB/s, 100000)"])
    }

    @Test(arguments: ["0", "0Mbit", "4bit"])
    func bandwidthMustBeAtLeastOneBytePerSecond(text: String) {
        let issues = TestSupport.issues("""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links: [{between: [a.test, b.test], bandwidth: \(text)}]
            """)
        #expect(issues == ["t.yaml:4:48: bandwidth must be at least 1 byte/s, got '\(text)'"])
    }
}
