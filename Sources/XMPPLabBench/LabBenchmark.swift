import Foundation
import Lab
import Topology

/// Whole-lab figures: the largest topology that comes up here, and presence
/// convergence in a full mesh. Each runs in a process of its own so its
/// peak memory is its own.
enum LabBenchmark {
    static func run() throws {
        print("Lab (each in its own process; all TLS, all authenticated)")
        try C2SLoginBenchmark.runInChildProcess(["lab-scale", "100", "90"])
        try C2SLoginBenchmark.runInChildProcess(["lab-mesh", "10", "10"])
        print("")
    }

    /// `servers` domains with `clients` clients each, logging in over TLS
    /// with PLAIN; no federation needed.
    static func scaleTopology(servers: Int, clients: Int) -> Topology {
        let domains = (1...servers).map { "d\($0).test" }
        var specs: [ClientSpec] = []
        for domain in domains {
            for number in 1...clients {
                specs.append(ClientSpec(
                    name: "user\(number)@\(domain)", username: "user\(number)", domain: domain, password: "pw\(number)", mechanism: "PLAIN"
                ))
            }
        }
        return Topology(
            name: "scale-\(servers)x\(clients)", seed: 1,
            servers: domains.map { ServerSpec(domain: $0, saslMechanisms: ["PLAIN"]) },
            clients: specs,
            scenario: Scenario(duration: .seconds(120), steps: [
                ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(110))),
            ])
        )
    }

    /// `domains` domains in a full mesh of subscriptions: every user
    /// subscribes to every other (group `all`).
    static func meshTopology(domains count: Int, users: Int) -> Topology {
        let domains = (1...count).map { "m\($0).test" }
        var specs: [ClientSpec] = []
        for domain in domains {
            for number in 1...users {
                specs.append(ClientSpec(
                    name: "u\(number)@\(domain)", username: "u\(number)", domain: domain, password: "pw", mechanism: "PLAIN",
                    groups: ["all"], subscribeTo: ["group:all"]
                ))
            }
        }
        return Topology(
            name: "mesh-\(count)x\(users)", seed: 1,
            servers: domains.map { ServerSpec(domain: $0, saslMechanisms: ["PLAIN"]) },
            clients: specs,
            scenario: Scenario(
                duration: .seconds(60),
                steps: [ScenarioStep(at: .zero, action: .wait(.online(clients: ["*"]), timeout: .seconds(50)))],
                expectations: [ScenarioExpectation(.presenceConverged(by: .seconds(55)))]
            )
        )
    }

    static func scale(servers: Int, clients: Int) async throws {
        let topology = scaleTopology(servers: servers, clients: clients)
        let started = ContinuousClock.now
        let summary = try await Lab.run(topology)
        let total = ContinuousClock.now - started
        let online = summary.problems.isEmpty ? "all \(summary.clients) online" : "\(summary.problems.count) problems: \(summary.problems.first ?? "")"
        print(String(
            format: "  %d servers x %d clients: world up %.2f s, logins done %.2f s later, %.2f s in all; %@; peak RSS %.0f MiB; descriptors budgeted %d of %d",
            servers, clients, summary.buildSeconds, summary.loginSeconds ?? -1, Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18,
            online as NSString, peakResidentMiB(), summary.descriptors.needed, summary.descriptors.limit
        ))
    }

    static func mesh(domains: Int, users: Int) async throws {
        let topology = meshTopology(domains: domains, users: users)
        let summary = try await Lab.run(topology)
        let p = summary.presence
        let converged = p.convergenceSeconds.map { String(format: "converged %.2f s after the start", $0) } ?? "did not converge"
        print(String(
            format: "  full mesh %d domains x %d users (%d subscriptions): %d/%d seen, %@; logins %.2f s; s2s streams %d",
            domains, users, p.expectedPairs, p.convergedPairs, p.expectedPairs, converged as NSString, summary.loginSeconds ?? -1,
            summary.s2sByMethod.values.reduce(0, +)
        ))
    }

    /// VmHWM of this process.
    static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kib / 1024
        }
        return 0
    }
}
