import LabNet
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
    public let info: Info

    private init(world: LabWorld, info: Info) {
        self.world = world
        self.info = info
    }

    /// Builds `topology`, connects the clients that connect at start, and
    /// starts answering DNS on a loopback UDP port.
    public static func start(_ topology: Topology, trace: any TraceSink = DiscardingTraceSink()) async throws -> LabService {
        _ = try DescriptorBudget.check(topology, limit: nil)
        let world = try LabWorld(topology: topology, trace: trace, dnsResponderAddress: .anyLoopbackPort)
        do {
            try await world.build()
            _ = world.observations.begin()
            let clients = try await world.clients(["*"])
            let runner = ScenarioRunner(world: world, scenario: Scenario(), observations: world.observations, clients: clients)
            await runner.connect(clients.filter(\.spec.connectAtStart))
            guard let dns = await world.responder?.address else { throw LabError("the lab DNS did not start") }
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
                    accounts: extra + spec.hostedDomains.flatMap { accounts[$0, default: []] }
                ))
            }
            let info = Info(
                topology: topology.name, servers: endpoints, dns: dns.description,
                caPEM: world.ca.rootPEM, clients: clients.count, clientsOnline: clients.count { $0.isOnline }
            )
            return LabService(world: world, info: info)
        } catch {
            await world.shutdown()
            throw error
        }
    }

    /// Stops everything, the DNS responder included.
    public func stop() async {
        await world.shutdown()
    }
}

extension LabService {
    /// Applies a fault live (`serve`'s commands): link cut/heal/degrade,
    /// server crash/restart, DNS break/restore. Other actions are refused.
    public func apply(_ action: StepAction) async throws {
        guard action.isFault else { throw LabError("only faults can be applied live") }
        try await world.applyFault(action)
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
