import LabNet
import LabNetLoopback
import Topology
import Trace

/// A topology brought up and kept running (`xmpplab serve`): servers,
/// links, DNS (also answered over UDP, for real servers) and the lab's own
/// clients, without a scenario.
public final class LabService: Sendable {
    public struct Endpoint: Sendable, Codable {
        public var domain: String
        public var c2s: String
        public var s2s: String
        public var accounts: [Account]
    }

    public struct Account: Sendable, Codable {
        public var jid: String
        public var password: String
    }

    /// What a real client or server needs to join, in one value (`serve --json`).
    public struct Info: Sendable, Codable {
        public var topology: String
        public var servers: [Endpoint]
        /// UDP address of the lab DNS (point a real server's resolver here).
        public var dns: String
        /// The lab CA certificate, PEM.
        public var caPEM: String
        public var clients: Int
        public var clientsOnline: Int
    }

    private let world: LabWorld
    private let responder: DNSResponder
    public let info: Info

    private init(world: LabWorld, responder: DNSResponder, info: Info) {
        self.world = world
        self.responder = responder
        self.info = info
    }

    /// Builds `topology`, connects the clients that connect at start, and
    /// starts answering DNS on a loopback UDP port.
    public static func start(_ topology: Topology, trace: any TraceSink = DiscardingTraceSink()) async throws -> LabService {
        _ = try DescriptorBudget.check(topology, limit: nil)
        let world = try LabWorld(topology: topology, trace: trace)
        do {
            try await world.build()
            _ = world.observations.begin()
            let clients = try await world.clients(["*"])
            let runner = ScenarioRunner(world: world, scenario: Scenario(), observations: world.observations, clients: clients)
            await runner.connect(clients.filter(\.spec.connectAtStart))
            let responder = try await DNSResponder.start(dns: world.dns, eventLoop: world.group.next())
            var endpoints: [Endpoint] = []
            var accounts: [String: [Account]] = [:]
            for client in topology.clients {
                if let password = client.password { accounts[client.domain, default: []].append(Account(jid: client.name, password: password)) }
            }
            for spec in topology.servers {
                let server = try await world.server(spec.domain)
                let extra = spec.accounts.map { Account(jid: "\($0.username)@\(spec.domain)", password: $0.password) }
                endpoints.append(Endpoint(
                    domain: spec.domain,
                    c2s: server.c2sAddress?.description ?? "-", s2s: server.s2sAddress?.description ?? "-",
                    accounts: extra + accounts[spec.domain, default: []]
                ))
            }
            let info = Info(
                topology: topology.name, servers: endpoints, dns: responder.address.description,
                caPEM: world.ca.rootPEM, clients: clients.count, clientsOnline: clients.count { $0.isOnline }
            )
            return LabService(world: world, responder: responder, info: info)
        } catch {
            await world.shutdown()
            throw error
        }
    }

    /// Stops everything.
    public func stop() async {
        try? await responder.stop()
        await world.shutdown()
    }
}

extension LabService {
    /// Applies a fault live (`serve`'s commands): link cut/heal/degrade,
    /// server crash/restart, DNS break/restore. Other actions are refused.
    public func apply(_ action: StepAction) async throws {
        switch action {
        case .cutLink(let pair, let mode):
            try await world.link(pair).relay.cut(LabNet.LinkCutMode(rawValue: mode.rawValue) ?? .blackhole)
        case .healLink(let pair):
            try await world.link(pair).relay.heal()
        case .degradeLink(let pair, let latency, let jitter, let bandwidth):
            try await world.link(pair).degrade(latency: latency, jitter: jitter, bandwidth: bandwidth)
        case .crashServer(let domain):
            try await world.crash(domain)
        case .restartServer(let domain):
            try await world.restart(domain)
        case .breakDNS(let domain, let failure, let querier):
            await world.breakDNS(domain: domain, failure: failure, querier: querier)
        case .restoreDNS(let domain):
            await world.restoreDNS(domain: domain)
        default:
            throw LabError("only faults can be applied live")
        }
        await world.record(.fault, node: "serve", action.summary)
    }

    /// One line per server and link: running or not, link state.
    public func status() async -> [String] {
        var lines: [String] = []
        for (domain, server) in await world.servers.sorted(by: { $0.key < $1.key }) {
            let sessions = (try? await server.server.connectionCounts().sessions) ?? 0
            let s2s = (try? await server.server.federationStatus().establishedCount) ?? 0
            lines.append("\(domain): \(server.isRunning ? "up" : "down"), \(sessions) c2s sessions, \(s2s) s2s streams")
        }
        for (pair, link) in await world.links.sorted(by: { $0.key.description < $1.key.description }) {
            let figure = link.figure(name: pair.description)
            lines.append("link \(figure.link): \(figure.status), \(figure.bytes) bytes, \(figure.connections) connections")
        }
        return lines
    }
}
