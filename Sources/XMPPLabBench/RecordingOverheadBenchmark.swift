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

    /// Messages per second from the first send to the last arrival (with a
    /// recording: until that arrival is stored, so that the writer's lag
    /// counts), and the process's CPU time (user + system, every thread:
    /// the recorder's writer too) per message over the whole run, world
    /// setup included, until every event is stored. On a machine shared with other work the
    /// CPU time is the steadier figure: it does not count time spent waiting
    /// for a core.
    static func throughput(recording: Bool, messagesEach: Int, directory: URL) async throws -> (
        messagesPerSecond: Double, cpuMicrosecondsPerMessage: Double, writerMicrosecondsPerMessage: Double,
        backlog: Int, waits: Int
    ) {
        let topology = topology(messagesEach: messagesEach)
        var options = Lab.Options()
        var recorder: TraceRecorder?
        var watch: ArrivalWatch?
        if recording {
            let path = directory.appendingPathComponent("overhead-\(UUID().uuidString).sqlite").path
            recorder = try TraceRecorder(path: path, run: RunHeader(
                version: "bench", topologyName: topology.name, topologyText: "", seed: topology.seed, startedAt: Date()
            ))
            watch = ArrivalWatch(recorder: recorder!, expected: 20 * messagesEach)
            options.trace = watch!
        }
        let cpuBefore = processCPUSeconds()
        let summary = try await Lab.run(topology, options: options)
        let lag: (seconds: Double, backlog: Int) = try await watch?.lag() ?? (0, 0)
        let cpu = processCPUSeconds() - cpuBefore
        let writerCPU = recorder?.writerCPUSeconds ?? 0
        try await recorder?.finish(outcome: summary.passed ? "passed" : "failed", duration: .zero)
        guard summary.passed else { throw LabError("overhead run failed: \(summary.problems) \(summary.expectations.filter { !$0.passed })") }
        // All sends start at 0.2 s; the run ends when the last message is in and, when recording, its
        // arrival is stored.
        let seconds = summary.scenarioSeconds - 0.2 + lag.seconds
        let delivered = Double(summary.messages.delivered)
        return (
            delivered / seconds, 1e6 * cpu / delivered, 1e6 * writerCPU / delivered, lag.backlog,
            recorder?.backpressureWaits ?? 0
        )
    }

    /// User and system CPU time of the whole process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func run(messagesEach: Int = 1_000) async throws {
        print("Recording overhead (Lab.run, 20 senders alpha.test -> bravo.test, \(messagesEach) messages each, TLS, best of 3)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-overhead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var off = 0.0, on = 0.0
        var cpuOff = Double.infinity, cpuOn = Double.infinity, writer = Double.infinity
        var backlog = 0, waits = 0
        for _ in 0..<3 {
            let without = try await throughput(recording: false, messagesEach: messagesEach, directory: directory)
            off = max(off, without.messagesPerSecond)
            cpuOff = min(cpuOff, without.cpuMicrosecondsPerMessage)
            let with = try await throughput(recording: true, messagesEach: messagesEach, directory: directory)
            on = max(on, with.messagesPerSecond)
            backlog = max(backlog, with.backlog)
            waits += with.waits
            if with.cpuMicrosecondsPerMessage < cpuOn {
                cpuOn = with.cpuMicrosecondsPerMessage
                writer = with.writerMicrosecondsPerMessage
            }
        }
        print(String(format: "  recording off: %.0f messages/s; on: %.0f messages/s; overhead %.1f%%", off, on, 100 * (off - on) / off))
        print(String(format: "  CPU time per message (all threads, least of 3): off %.1f µs, on %.1f µs (+%.1f%%)", cpuOff, cpuOn, 100 * (cpuOn - cpuOff) / cpuOff))
        print(String(format: "    of which the recorder's writer thread: %.1f µs (render, redact, insert, commit)", writer))
        print("  recorder backlog at the last arrival: at most \(backlog) rows, stored before the time is taken; the run waited for the writer \(waits) times (queue full)")
        print("")
    }
}
