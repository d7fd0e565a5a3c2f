import LabNet
import LabNetLoopback
import LabPKI
import NIOCore
import NIOPosix
import NIOSSL
import Topology
import Trace
import XMPPCore
import XMPPServer

/// Everything a topology describes, built on real loopback TCP: the CA, the
/// DNS, the servers, the links and the clients. `shutdown()` stops all of it.
actor LabWorld {
    let topology: Topology
    let group: MultiThreadedEventLoopGroup
    let fabric: LoopbackFabric
    let dns: SimulatedDNS
    let ca: LabCertificateAuthority
    let clientTLSContext: NIOSSLContext
    let observations = Observations()
    let trace: any TraceSink
    /// How much of the servers' connections the trace keeps.
    let recordingDetail: RecordingDetail
    private(set) var servers: [String: LabServer] = [:]
    /// The server of every hosted domain (its own and its virtual hosts).
    private(set) var hosting: [String: LabServer] = [:]
    private(set) var clients: [String: LabClient] = [:]
    /// Client names in file order.
    private(set) var clientOrder: [String] = []
    var links: [DomainPairSpec: LabLink] = [:]
    /// A loopback port nothing listens on (SRV records with `port: dead`).
    var deadPort: Int?
    /// Where to answer the DNS over UDP for real servers, and the responder once started.
    let dnsResponderAddress: NetworkAddress?
    var responder: DNSResponder?
    /// Appended to every message body the scenario sends (test-only behaviour change).
    private(set) var bodySuffix = ""

    func setBodySuffix(_ suffix: String) {
        bodySuffix = suffix
    }

    init(
        topology: Topology, trace: any TraceSink, recordingDetail: RecordingDetail = .connections,
        threads: Int = System.coreCount, ca: LabCertificateAuthority? = nil, dnsResponderAddress: NetworkAddress? = nil
    ) throws {
        self.topology = topology
        self.trace = trace
        self.recordingDetail = recordingDetail
        self.dnsResponderAddress = dnsResponderAddress
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        fabric = LoopbackFabric(connectTimeout: .seconds(5))
        dns = SimulatedDNS(seed: topology.seed)
        self.ca = try ca ?? LabCertificateAuthority(commonName: "xmpplab \(topology.name) root CA")
        clientTLSContext = try NIOSSLContext(configuration: self.ca.clientTLSConfiguration(clientIdentity: nil))
    }

    /// Starts the servers, the links and the DNS records; creates the
    /// clients (not connected yet).
    func build() async throws {
        if trace.keepsEvents {
            let (trace, observations) = (self.trace, self.observations)
            // The simulated DNS answers at once: a query and its answer, same time, in order.
            dns.setObserver { record in
                let time = observations.clock.nanoseconds
                trace.record(TraceEvent(time: time, node: "dns", kind: .dnsQuery, detail: "\(record.querier) asks \(record.question)"))
                trace.record(TraceEvent(
                    time: time, node: "dns", kind: .dnsAnswer, detail: "to \(record.querier) for \(record.question): \(record.answer)"))
            }
        }
        recordNodes()
        var seeds = SeededGenerator(seed: topology.seed)
        let connections = trace.keepsEvents
            ? ConnectionRecorder(trace: trace, observations: observations, detail: recordingDetail) : nil
        for spec in topology.servers {
            let server = try LabServer(
                spec: spec, seed: seeds.next(), ca: ca, fabric: fabric, eventLoop: group.next(), dns: dns,
                observing: connections
            )
            servers[spec.domain] = server
            for domain in spec.hostedDomains { hosting[domain] = server }
        }
        // Every client with a password has its account on its (lab) server.
        for client in topology.clients {
            if let password = client.password {
                try hosting[client.domain]?.server.addAccount(Account(localpart: client.username, password: password), domain: client.domain)
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for server in servers.values {
                tasks.addTask { try await server.start() }
            }
            try await tasks.waitForAll()
        }
        try await buildLinks()
        try await configureDNS()
        if let dnsResponderAddress {
            // Real servers ask as the (first) external domain, so per-querier answers for it apply.
            let querier = topology.externalDomains.first?.domain ?? "external"
            responder = try await DNSResponder.start(dns: dns, querier: querier, on: dnsResponderAddress, eventLoop: group.next())
        }
        try createClients(seeds: &seeds)
    }

    private func createClients(seeds: inout SeededGenerator) throws {
        let groups = Dictionary(grouping: topology.clients.flatMap { client in client.groups.map { ($0, client.name) } }, by: \.0)
            .mapValues { $0.map(\.1) }
        for spec in topology.clients {
            var targets: [String] = []
            for entry in spec.subscribeTo {
                if entry.hasPrefix("group:") {
                    targets += groups[String(entry.dropFirst("group:".count)), default: []]
                } else {
                    targets.append(entry)
                }
            }
            var seen = Set<String>()
            targets = targets.filter { $0 != spec.name && seen.insert($0).inserted }
            let server = hosting[spec.domain]
            let target: @Sendable () -> NetworkAddress?
            if let server {
                target = { server.isRunning ? server.c2sAddress : nil }
            } else {
                let address = try? c2sAddress(of: spec.domain)
                target = { address }
            }
            let client = try LabClient(
                spec: spec, subscriptions: targets,
                offeredMechanisms: server?.spec.saslMechanisms ?? ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"],
                tls: server?.spec.tls ?? .required, seed: seeds.next(),
                fabric: fabric, eventLoop: group.next(), tlsContext: clientTLSContext, observations: observations,
                trace: trace, reconnectTarget: target
            )
            clients[spec.name] = client
            clientOrder.append(spec.name)
        }
    }

    /// The c2s address a client of `domain` connects to.
    func c2sAddress(of domain: String) throws -> NetworkAddress {
        if let server = hosting[domain] {
            guard let address = server.c2sAddress else { throw LabError("\(domain) has not been started") }
            return address
        }
        if let external = topology.externalDomains.first(where: { $0.domain == domain }), let port = external.c2sPort {
            return NetworkAddress(host: external.host, port: port)
        }
        throw LabError("no c2s service for \(domain)")
    }

    func server(_ domain: String) throws -> LabServer {
        guard let server = servers[domain] else { throw LabError("no lab server for \(domain)") }
        return server
    }

    func client(_ name: String) throws -> LabClient {
        guard let client = clients[name] else { throw LabError("no client \(name)") }
        return client
    }

    /// The named clients; `*` is every client.
    func clients(_ names: [String]) throws -> [LabClient] {
        if names == ["*"] { return clientOrder.compactMap { clients[$0] } }
        return try names.map { try client($0) }
    }

    func record(_ kind: TraceEventKind, node: String, _ detail: String) {
        let time = observations.clock.nanoseconds
        trace.record(TraceEvent(time: time, node: node, kind: kind, detail: detail))
        if kind == .fault {
            trace.recordFault(TraceFault(time: time, target: node, description: detail))
            observations.faultApplied(.init(at: .nanoseconds(Int64(time)), target: node, description: detail))
        }
    }

    /// Names every node of the world in the trace.
    func recordNodes() {
        for server in topology.servers { trace.recordNode(name: server.domain, kind: .server) }
        for external in topology.externalDomains { trace.recordNode(name: external.domain, kind: .external) }
        for link in topology.links { trace.recordNode(name: link.pair.description, kind: .link) }
        for client in topology.clients { trace.recordNode(name: client.name, kind: .client) }
        trace.recordNode(name: "dns", kind: .dns)
    }

    /// Ends the clients' reconnections (the scenario is over); returns the
    /// supervisors still running, which end once their clients disconnect.
    func stopReconnecting() -> [Task<Void, Never>] {
        clients.values.flatMap { $0.stopReconnecting() }
    }

    /// Disconnects every client, stops every server and link, shuts the loops down.
    func shutdown() async {
        let supervisors = stopReconnecting()
        await withTaskGroup(of: Void.self) { tasks in
            for client in clients.values where client.client.isConnected {
                tasks.addTask { await client.client.disconnect() }
            }
        }
        for supervisor in supervisors { await supervisor.value }
        for server in servers.values where server.isRunning {
            try? await server.stop()
        }
        for link in links.values {
            try? await link.close()
        }
        try? await responder?.stop()
        try? await group.shutdownGracefully()
    }
}
