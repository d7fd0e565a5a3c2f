import Synchronization
import Topology
import Trace

/// Plays a scenario's timeline against a built world and decides its
/// expectations.
final class ScenarioRunner: Sendable {
    let world: LabWorld
    let scenario: Scenario
    let observations: Observations
    /// Problems met while running steps (a wait that timed out, a client
    /// that could not connect): each fails the run.
    private let problems = Mutex<[String]>([])
    private let samples = Mutex<[Int: (c2s: Int, s2s: Int)]>([:])
    private let startLogins = Mutex<Duration?>(nil)

    /// Scenario time at which every client that connects at the start had
    /// finished logging in (or failed to).
    var startLoginsFinished: Duration? { startLogins.withLock { $0 } }

    /// Observer and contact of every subscription the clients ask for at the start.
    let subscriptions: [(observer: String, contact: String)]

    init(world: LabWorld, scenario: Scenario, observations: Observations, clients: [LabClient]) {
        subscriptions = clients.flatMap { client in client.subscriptions.map { (client.spec.name, $0) } }
        self.world = world
        self.scenario = scenario
        self.observations = observations
    }

    var recordedProblems: [String] { problems.withLock { $0 } }

    func problem(_ text: String) {
        problems.withLock { $0.append(text) }
    }

    /// Runs the timeline, then waits until every expectation is decided or
    /// the scenario's duration is over. Returns the verdicts in file order.
    func run(clock: LabClock, connectingAtStart startClients: [LabClient]) async -> [ExpectationResult] {
        await withTaskGroup(of: Void.self) { background in
            background.addTask {
                await self.connect(startClients)
                let now = clock.now
                self.startLogins.withLock { $0 = now }
            }
            for (index, expectation) in scenario.expectations.enumerated() {
                if case .connectionCount(let domain, let at, _, _) = expectation.kind {
                    background.addTask { await self.sample(index: index, domain: domain, at: at, clock: clock) }
                }
            }
            for step in scenario.steps {
                guard (try? await clock.sleep(until: step.at)) != nil else { break }
                await world.record(.step, node: "scenario", "\(step.action.summary)  [\(step.location)]")
                await perform(step, clock: clock, background: &background)
            }
            await background.waitForAll()
        }
        return await settle(clock: clock)
    }

    private func settle(clock: LabClock) async -> [ExpectationResult] {
        while true {
            let ended = clock.now >= scenario.duration
            let (now, samples, subscriptions, expectations) = (clock.now, samples.withLock { $0 }, subscriptions, scenario.expectations)
            // Checked in place, every 20 ms while traffic flows: no copy of what was observed.
            let results = observations.inspect { state in
                let checker = ExpectationChecker(
                    state: state, now: now, ended: ended, stepsDone: true, samples: samples, subscriptions: subscriptions)
                return expectations.enumerated().map { checker.evaluate($1, index: $0) }
            }
            if ended || results.allSatisfy({ $0 != nil }) {
                return results.map { $0! }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func sample(index: Int, domain: String, at: Duration, clock: LabClock) async {
        try? await clock.sleep(until: at)
        guard let server = try? await world.server(domain) else { return }
        let c2s = (try? await server.server.connectionCounts().sessions) ?? 0
        let s2s = (try? await server.server.federationStatus().establishedCount) ?? 0
        samples.withLock { $0[index] = (c2s, s2s) }
    }
}
