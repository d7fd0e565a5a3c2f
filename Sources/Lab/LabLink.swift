import LabNet
import LabNetLoopback
import NIOCore
import Synchronization
import Topology
import Trace
import XMPPCore

/// A link between two domains: one relay with an entrance toward each side.
/// DNS sends each side's s2s connections for the other to its entrance.
final class LabLink: Sendable {
    let spec: LinkSpec
    let relay: LinkRelay
    /// Entrance address by the domain it leads to.
    let entrances: [String: NetworkAddress]

    private let current: Mutex<LinkConditions>

    init(spec: LinkSpec, relay: LinkRelay, entrances: [String: NetworkAddress]) {
        self.spec = spec
        self.relay = relay
        self.entrances = entrances
        current = Mutex(spec.conditions.labConditions)
    }

    var conditions: LinkConditions { current.withLock { $0 } }

    /// Changes latency, jitter or bandwidth; nil keeps the current value.
    func degrade(latency: Duration?, jitter: Duration?, bandwidth: Int?) {
        let conditions = current.withLock { conditions -> LinkConditions in
            if let latency { conditions.latency = latency }
            if let jitter { conditions.jitter = jitter }
            if let bandwidth { conditions.bandwidth = bandwidth }
            return conditions
        }
        relay.setConditions(conditions)
    }

    func close() async throws {
        try await relay.close()
    }
}

extension LinkConditionsSpec {
    var labConditions: LinkConditions {
        LinkConditions(latency: latency, jitter: jitter, bandwidth: bandwidth)
    }
}

extension LabWorld {
    /// Starts a relay per link, with an entrance toward each end that has an
    /// s2s listener (an external domain is reached at its address).
    func buildLinks() async throws {
        var seeds = SeededGenerator(seed: topology.seed &+ 0x11)
        for spec in topology.links {
            let relay = LinkRelay(
                name: spec.pair.description, conditions: spec.conditions.labConditions,
                status: spec.initialState == .up ? .up : .down(.blackhole), seed: seeds.next(), group: group
            )
            var entrances: [String: NetworkAddress] = [:]
            var domainsByPort: [Int: String] = [:]
            for domain in [spec.pair.first, spec.pair.second] {
                guard let target = s2sTarget(of: domain) else { continue }
                entrances[domain] = try await relay.addEntrance(forwardingTo: target)
                domainsByPort[target.port] = domain
            }
            if trace.keepsEvents { observe(relay, name: spec.pair.description, domainsByPort: domainsByPort) }
            links[spec.pair] = LabLink(spec: spec, relay: relay, entrances: entrances)
        }
    }

    /// Traces what the link does to the bytes: a `link-stall` for bytes held
    /// while it was down (at the heal), and, at `hops` detail, a
    /// `link-delay` for every chunk delivered.
    private func observe(_ relay: LinkRelay, name: String, domainsByPort: [Int: String]) {
        let (trace, observations, everyChunk) = (trace, observations, recordingDetail == .hops)
        relay.observe { observation, targetPort in
            let target = domainsByPort[targetPort] ?? "port \(targetPort)"
            func way(_ direction: LinkDirection) -> String {
                direction == .towardTarget ? "toward \(target)" : "from \(target)"
            }
            switch observation {
            case .delivered(let direction, let bytes, let delay):
                guard everyChunk else { return }
                trace.record(TraceEvent(
                    time: observations.clock.nanoseconds, node: name,
                    kind: .linkDelay, bytes: bytes, detail: "\(bytes) B \(way(direction)) after \(delay.compact)"))
            case .held(let direction, let bytes, let oldest):
                trace.record(TraceEvent(
                    time: observations.clock.nanoseconds, node: name,
                    kind: .linkStall, bytes: bytes, detail: "\(bytes) B \(way(direction)) held while the link was down, the oldest for \(oldest.compact)"))
            }
        }
    }

    private func s2sTarget(of domain: String) -> NetworkAddress? {
        if let server = servers[domain] { return server.s2sAddress }
        if let external = topology.externalDomains.first(where: { $0.domain == domain }) {
            return NetworkAddress(host: external.host, port: external.s2sPort)
        }
        return nil
    }

    /// Each end of a link finds the other end at the link's entrance: a lab
    /// server through the lab DNS, a real server of an external domain through
    /// the DNS responder (which asks as that domain).
    func publishLinkAnswers() {
        for link in links.values {
            for (querier, remote) in [(link.spec.pair.first, link.spec.pair.second), (link.spec.pair.second, link.spec.pair.first)] {
                guard let entrance = link.entrances[remote] else { continue }
                // The remote server's virtual hosts are behind the same entrance.
                for domain in topology.server(remote)?.hostedDomains ?? [remote] {
                    dns.setSRVRecords(
                        [SRVRecord(priority: 0, weight: 0, port: entrance.port, target: domain)],
                        service: .xmppServer, domain: domain, forQuerier: querier
                    )
                }
            }
        }
    }

    func link(_ pair: DomainPairSpec) throws -> LabLink {
        guard let link = links[pair] else { throw LabError("no link \(pair)") }
        return link
    }
}

extension LabLink {
    func figure(name: String) -> RunSummary.LinkFigure {
        let status: String = switch relay.status {
        case .up: "up"
        case .down(let mode): "down (\(mode.rawValue))"
        }
        let statistics = relay.statistics
        return RunSummary.LinkFigure(
            link: name, bytes: statistics.towardTarget.bytes + statistics.back.bytes,
            connections: statistics.connectionsAccepted, resets: statistics.connectionsReset,
            maxDelayMilliseconds: statistics.maxDelay.milliseconds, status: status
        )
    }
}
