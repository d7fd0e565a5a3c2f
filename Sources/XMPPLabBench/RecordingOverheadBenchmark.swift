import Foundation
import Lab
import Topology
import Trace

/// Federated message throughput through `Lab.run`, recording off and on, in
/// the same process: 20 senders on alpha.test each send 1,000 messages to a
/// partner on bravo.test as fast as the scenario can.
enum RecordingOverheadBenchmark {
    static func topology(messagesEach: Int) -> Topology {
        var clients: [ClientSpec] = []
        var steps: [ScenarioStep] = [ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(20)))]
        for number in 1...20 {
            clients.append(ClientSpec(name: "s\(number)@alpha.test", username: "s\(number)", domain: "alpha.test", password: "pw", mechanism: "PLAIN", initialPresence: nil))
            clients.append(ClientSpec(name: "r\(number)@bravo.test", username: "r\(number)", domain: "bravo.test", password: "pw", mechanism: "PLAIN"))
            steps.append(ScenarioStep(at: .milliseconds(200), action: .sendMessage(
                from: "s\(number)@alpha.test", to: "r\(number)@bravo.test", body: String(repeating: "x", count: 100),
                id: "f\(number)", count: messagesEach, interval: .zero
            )))
        }
        return Topology(
            name: "recording-overhead", seed: 3,
            servers: [ServerSpec(domain: "alpha.test", saslMechanisms: ["PLAIN"]), ServerSpec(domain: "bravo.test", saslMechanisms: ["PLAIN"])],
            clients: clients,
            scenario: Scenario(duration: .seconds(60), steps: steps, expectations: [ScenarioExpectation(.noStanzaLost(requireDelivery: true))])
        )
    }

    /// Messages per second from the first send to the last arrival.
    static func throughput(recording: Bool, messagesEach: Int, directory: URL) async throws -> Double {
        let topology = topology(messagesEach: messagesEach)
        var options = Lab.Options()
        var recorder: TraceRecorder?
        if recording {
            let path = directory.appendingPathComponent("overhead-\(UUID().uuidString).sqlite").path
            recorder = try TraceRecorder(path: path, run: RunHeader(
                version: "bench", topologyName: topology.name, topologyText: "", seed: topology.seed, startedAt: Date()
            ))
            options.trace = recorder!
        }
        let summary = try await Lab.run(topology, options: options)
        try await recorder?.finish(outcome: summary.passed ? "passed" : "failed", duration: .zero)
        guard summary.passed else { throw LabError("overhead run failed: \(summary.problems) \(summary.expectations.filter { !$0.passed })") }
        // All sends start at 0.2 s; the run ends when the last message is in.
        let seconds = summary.scenarioSeconds - 0.2
        return Double(summary.messages.delivered) / seconds
    }

    static func run(messagesEach: Int = 1_000) async throws {
        print("Recording overhead (Lab.run, 20 senders alpha.test -> bravo.test, \(messagesEach) messages each, TLS, best of 3)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-overhead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var off = 0.0, on = 0.0
        for _ in 0..<3 {
            off = max(off, try await throughput(recording: false, messagesEach: messagesEach, directory: directory))
            on = max(on, try await throughput(recording: true, messagesEach: messagesEach, directory: directory))
        }
        print(String(format: "  recording off: %.0f messages/s; on: %.0f messages/s; overhead %.1f%%", off, on, 100 * (off - on) / off))
        print("")
    }
}
