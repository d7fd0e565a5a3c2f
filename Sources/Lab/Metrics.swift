import Topology
import XMPPCore

/// Figures computed from a finished run.
enum Metrics {
    static func summary(
        world: LabWorld, results: [ExpectationResult], problems: [String], loginTime: Duration?,
        buildTime: Duration, scenarioTime: Duration, budget: DescriptorBudget
    ) async -> RunSummary {
        let topology = world.topology
        let state = world.observations.snapshot
        let clients = await world.clients
        var s2s: [String: Int] = [:]
        for server in await world.servers.values {
            guard let status = try? await server.server.federationStatus() else { continue }
            for stream in status.outgoing {
                if let method = stream.method { s2s[method.rawValue + (stream.bidi ? "+bidi" : ""), default: 0] += 1 }
            }
        }
        var links: [RunSummary.LinkFigure] = []
        for (pair, link) in await world.links.sorted(by: { $0.key.description < $1.key.description }) {
            links.append(link.figure(name: pair.description))
        }
        return RunSummary(
            topology: topology.name, file: topology.sourceFile, seed: topology.seed,
            passed: problems.isEmpty && results.allSatisfy(\.passed),
            buildSeconds: buildTime.seconds, loginSeconds: loginTime?.seconds, scenarioSeconds: scenarioTime.seconds,
            servers: topology.servers.count, clients: clients.count,
            clientsOnlineAtEnd: clients.values.count { $0.isOnline },
            expectations: results, problems: problems,
            messages: messageFigures(state),
            flows: flows(state),
            reconnections: state.reconnections.sorted { $0.key < $1.key }.map { client, counts in
                .init(client: client, lost: counts.lost, resumed: counts.resumed, newSessions: counts.newSessions, failedAttempts: counts.failedAttempts)
            },
            faults: state.faults.map { .init(at: $0.at.seconds, target: $0.target, description: $0.description) },
            latency: latencies(state),
            presence: presence(state, clients: Array(clients.values)),
            s2sByMethod: s2s, links: links, descriptors: budget
        )
    }

    static func messageFigures(_ state: Observations.State) -> RunSummary.MessageFigures {
        var delivered = 0, bounced = 0, duplicated = 0
        for message in state.sent.values {
            let arrivals = state.arrivalCount(of: message)
            if arrivals > 0 {
                delivered += 1
                if arrivals > 1 { duplicated += 1 }
            } else if state.bounce(of: message) != nil {
                bounced += 1
            }
        }
        return .init(
            sent: state.sent.count, delivered: delivered, bounced: bounced, unaccounted: state.sent.count - delivered - bounced,
            duplicated: duplicated
        )
    }

    /// Sent, delivered, duplicated, bounced and lost per (sender, recipient).
    static func flows(_ state: Observations.State) -> [RunSummary.FlowFigure] {
        var flows: [String: RunSummary.FlowFigure] = [:]
        for message in state.sent.values {
            let key = message.from + " -> " + message.to
            var figure = flows[key] ?? .init(from: message.from, to: message.to, sent: 0, delivered: 0, duplicated: 0, bounced: 0, lost: 0)
            figure.sent += 1
            let arrivals = state.arrivalCount(of: message)
            if arrivals > 0 {
                figure.delivered += 1
                if arrivals > 1 { figure.duplicated += 1 }
            } else if state.bounce(of: message) != nil {
                figure.bounced += 1
            } else {
                figure.lost += 1
            }
            flows[key] = figure
        }
        return flows.values.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    static func latencies(_ state: Observations.State) -> [RunSummary.LatencyFigure] {
        var flows: [String: [Double]] = [:]
        for message in state.sent.values {
            guard let arrival = state.arrival(of: message) else { continue }
            let flow = "\(domain(of: message.from)) -> \(domain(of: message.to))"
            flows[flow, default: []].append((arrival - message.sentAt).milliseconds)
        }
        return flows.sorted { $0.key < $1.key }.map { flow, values in
            let sorted = values.sorted()
            return .init(
                flow: flow, count: sorted.count,
                p50Milliseconds: percentile(sorted, 0.50), p95Milliseconds: percentile(sorted, 0.95), p99Milliseconds: percentile(sorted, 0.99)
            )
        }
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    static func presence(_ state: Observations.State, clients: [LabClient]) -> RunSummary.PresenceFigures {
        let firstSeen = state.firstAvailablePresence
        var expected = 0, converged = 0
        var last = Duration.zero
        for client in clients {
            for contact in client.subscriptions {
                expected += 1
                if let at = firstSeen[client.spec.name + "|" + contact] {
                    converged += 1
                    last = max(last, at)
                }
            }
        }
        return .init(expectedPairs: expected, convergedPairs: converged, convergenceSeconds: converged == expected && expected > 0 ? last.seconds : nil)
    }

    static func domain(of jid: String) -> String {
        (try? JID(jid).domainpart) ?? jid
    }
}
