import LabNet
import LabPKI
import NIOCore
import NIOPosix
import Topology
import Trace

/// Runs topologies: builds the world, plays the scenario, decides the
/// expectations and computes the figures.
public enum Lab {
    public struct Options: Sendable {
        public var trace: any TraceSink
        /// How much of the servers' connections the trace keeps (when it keeps events).
        public var recordingDetail: RecordingDetail = .connections
        /// Called about twice a second while the scenario runs.
        public var progress: (@Sendable (Progress) -> Void)?
        /// Event loop threads (default: one per core).
        public var threads: Int
        /// Open files the run may use (nil: the process limit, raised to its hard limit).
        public var descriptorLimit: Int?
        /// The CA the world's certificates come from (nil: a fresh one). A
        /// real server of an `external:` domain needs its certificate from
        /// the same CA, so it is made before the run.
        public var certificateAuthority: LabCertificateAuthority?
        /// Also answer the lab's DNS over UDP at this loopback address, for
        /// real servers of `external:` domains (nil: no UDP responder).
        public var dnsResponderAddress: NetworkAddress?
        /// Test-only: the lab's clients append " [changed]" to every message
        /// body, a deliberate behaviour change that `replay --check` must catch.
        public var changeBehaviourForTesting = false

        public init(
            trace: any TraceSink = DiscardingTraceSink(), progress: (@Sendable (Progress) -> Void)? = nil,
            threads: Int = System.coreCount, descriptorLimit: Int? = nil,
            certificateAuthority: LabCertificateAuthority? = nil, dnsResponderAddress: NetworkAddress? = nil
        ) {
            self.trace = trace
            self.progress = progress
            self.threads = threads
            self.descriptorLimit = descriptorLimit
            self.certificateAuthority = certificateAuthority
            self.dnsResponderAddress = dnsResponderAddress
        }
    }

    /// A live view of a running scenario.
    public struct Progress: Sendable {
        public var scenarioTime: Duration
        public var duration: Duration
        public var serversUp: Int
        public var servers: Int
        public var clientsOnline: Int
        public var clients: Int
        /// Stanzas received by the lab's clients per second, over the last interval.
        public var stanzasPerSecond: Double
    }

    /// Runs `topology` to the end and returns its summary (`passed` false
    /// when an expectation failed or a step could not be performed).
    public static func run(_ topology: Topology, options: Options = Options()) async throws -> RunSummary {
        let budget = try DescriptorBudget.check(topology, limit: options.descriptorLimit)
        let world = try LabWorld(
            topology: topology, trace: options.trace, recordingDetail: options.recordingDetail, threads: options.threads,
            ca: options.certificateAuthority, dnsResponderAddress: options.dnsResponderAddress
        )
        await world.setBodySuffix(options.changeBehaviourForTesting ? " [changed]" : "")
        do {
            let buildStart = ContinuousClock.now
            try await world.build()
            let buildTime = ContinuousClock.now - buildStart
            let clock = world.observations.begin()
            await world.record(.note, node: "lab", "world up in \(buildTime.compact)")
            let allClients = try await world.clients(["*"])
            let runner = ScenarioRunner(world: world, scenario: topology.scenario, observations: world.observations, clients: allClients)
            let progress = options.progress.map { report in
                Task { await Self.reportProgress(world: world, clock: clock, duration: topology.scenario.duration, report: report) }
            }
            let startClients = allClients.filter(\.spec.connectAtStart)
            let results = await runner.run(clock: clock, connectingAtStart: startClients)
            progress?.cancel()
            // The scenario is over: clients that lost their connection stay offline.
            _ = await world.stopReconnecting()
            for result in results {
                await world.record(.expectation, node: "scenario", "\(result.passed ? "pass" : "FAIL") \(result.expectation): \(result.detail)")
                options.trace.recordExpectation(TraceExpectation(
                    description: result.expectation, location: result.location, passed: result.passed,
                    observedAt: result.observedAt.map { UInt64(max(0, $0) * 1e9) }, detail: result.detail
                ))
            }
            let summary = await Metrics.summary(
                world: world, results: results, problems: runner.recordedProblems, loginTime: runner.startLoginsFinished,
                buildTime: buildTime, scenarioTime: clock.now, budget: budget
            )
            for metric in summary.metrics { options.trace.recordMetric(metric) }
            await world.shutdown()
            try await options.trace.flush()
            return summary
        } catch {
            await world.shutdown()
            throw error
        }
    }

    private static func reportProgress(world: LabWorld, clock: LabClock, duration: Duration, report: @Sendable (Progress) -> Void) async {
        var lastCount = 0
        var lastTime = clock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            let servers = await world.servers.values
            let clients = await world.clients.values
            let count = world.observations.snapshot.stanzasReceived
            let now = clock.now
            let rate = Double(count - lastCount) / max(0.001, (now - lastTime).seconds)
            (lastCount, lastTime) = (count, now)
            report(Progress(
                scenarioTime: now, duration: duration,
                serversUp: servers.count { $0.isRunning }, servers: servers.count,
                clientsOnline: clients.count { $0.isOnline }, clients: clients.count,
                stanzasPerSecond: rate
            ))
        }
    }
}
