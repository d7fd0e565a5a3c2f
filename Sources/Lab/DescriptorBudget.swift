#if canImport(Glibc)
import Glibc
#endif
import Topology

/// How many file descriptors a topology needs on loopback, computed before
/// anything starts so a topology that cannot fit is refused up front.
public struct DescriptorBudget: Sendable, Codable, Equatable {
    /// Descriptors the topology needs at most.
    public var needed: Int
    /// The process limit (after raising the soft limit to the hard one).
    public var limit: Int
    public var breakdown: [String: Int]

    /// Each loopback connection costs two descriptors in one process (both
    /// ends), four when it crosses a link relay. Domains federate when the
    /// topology makes them: subscriptions and messages between their users,
    /// or a wait for their federation. Each such pair may hold a stream in
    /// each direction plus, during set-up, a dialback verification stream.
    public init(topology: Topology, limit: Int) {
        let labDomains = Set(topology.servers.flatMap(\.hostedDomains))
        let labClients = topology.clients.count { labDomains.contains($0.domain) }
        let externalClients = topology.clients.count - labClients
        let pairs = Self.federatingPairs(topology)
        let linked = pairs.count { topology.link(between: $0.first, and: $0.second) != nil }
        var breakdown: [String: Int] = [:]
        breakdown["listeners"] = topology.servers.count * 2 + topology.links.count * 2
        breakdown["c2s"] = labClients * 2 + externalClients
        breakdown["s2s"] = pairs.count * 3 * 2 + linked * 3 * 2
        breakdown["event loops and files"] = 64
        self.breakdown = breakdown
        needed = breakdown.values.reduce(0, +)
        self.limit = limit
    }

    /// The unordered domain pairs the topology makes federate.
    static func federatingPairs(_ topology: Topology) -> Set<DomainPairSpec> {
        let domainOf = Dictionary(topology.clients.map { ($0.name, $0.domain) }, uniquingKeysWith: { first, _ in first })
        var groups: [String: Set<String>] = [:]
        for client in topology.clients {
            for group in client.groups { groups[group, default: []].insert(client.domain) }
        }
        func domain(of jid: String) -> String {
            if let known = domainOf[jid] { return known }
            let bare = jid.split(separator: "/", maxSplits: 1).first.map(String.init) ?? jid
            return bare.split(separator: "@").last.map(String.init) ?? bare
        }
        var pairs = Set<DomainPairSpec>()
        // Virtual hosts federate through their server's streams.
        func server(_ domain: String) -> String { topology.server(hosting: domain)?.domain ?? domain }
        func add(_ a: String, _ b: String) {
            let (a, b) = (server(a), server(b))
            if a != b { pairs.insert(DomainPairSpec(a, b)) }
        }
        for client in topology.clients {
            for entry in client.subscribeTo {
                if entry.hasPrefix("group:") {
                    for other in groups[String(entry.dropFirst(6)), default: []] { add(client.domain, other) }
                } else {
                    add(client.domain, domain(of: entry))
                }
            }
        }
        for step in topology.scenario.steps {
            switch step.action {
            case .sendMessage(let from, let to, _, _, _, _): add(domain(of: from), domain(of: to))
            case .subscribe(let from, let to): add(domain(of: from), domain(of: to))
            case .wait(.federated(let pair), _): add(pair.first, pair.second)
            case .wait(.presenceSeen(let observer, let of), _): add(domain(of: observer), domain(of: of))
            default: break
            }
        }
        return pairs
    }

    public var fits: Bool { needed <= limit }

    /// The budget of `topology` against `limit` (nil: the process limit,
    /// raised to its hard limit); throws, saying why, when it cannot fit.
    static func check(_ topology: Topology, limit: Int?) throws -> DescriptorBudget {
        let budget = DescriptorBudget(topology: topology, limit: limit ?? raiseLimit())
        guard budget.fits else {
            let parts = budget.breakdown.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            throw LabError(
                "\(topology.name) needs about \(budget.needed) file descriptors and this process may open \(budget.limit) "
                    + "(\(parts)); make the topology smaller"
            )
        }
        return budget
    }

    /// Raises the soft open-files limit to the hard limit and returns it.
    public static func raiseLimit() -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return 1024 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        return Int(clamping: limits.rlim_cur)
    }
}
