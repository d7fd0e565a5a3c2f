import LabNet
import NIOCore
import NIOPosix
import Topology

extension LabWorld {
    /// Publishes what the topology's `dns:` says on top of the defaults each
    /// server published when it started, then the links' per-querier answers.
    func configureDNS() async throws {
        let specs = topology.dns.records.flatMap(\.srv) + topology.dns.overrides.flatMap(\.srv)
        if specs.contains(where: { $0.port == .dead }) {
            deadPort = try await closedPort()
        }
        for (domain, server) in hosting {
            if let c2s = server.c2sAddress {
                dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: c2s.port, target: domain)], service: .xmppClient, domain: domain)
            }
        }
        for external in topology.externalDomains {
            dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: external.s2sPort, target: external.domain)], service: .xmppServer, domain: external.domain)
            if let c2s = external.c2sPort {
                dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: c2s, target: external.domain)], service: .xmppClient, domain: external.domain)
            }
            dns.setAddresses([external.host], host: external.domain)
        }
        for entry in topology.dns.addresses {
            dns.setAddresses(entry.addresses, host: entry.host)
        }
        for records in topology.dns.records {
            try await applyRecords(records)
        }
        for override in topology.dns.overrides {
            let records = try override.srv.map { try srvRecord($0, service: override.service) }
            dns.setSRVRecords(records, service: override.service.labService, domain: override.domain, forQuerier: override.querier)
        }
        for failure in topology.dns.failures {
            breakDNS(domain: failure.domain, failure: failure.failure, querier: failure.querier)
        }
        publishLinkAnswers()
    }

    /// Re-publishes the records of `domain` (after a restart, which
    /// publishes the server's defaults again).
    func reapplyRecords(of domain: String) async throws {
        for records in topology.dns.records where records.domain == domain {
            try await applyRecords(records)
        }
    }

    private func applyRecords(_ records: DomainRecords) async throws {
        let service = records.service.labService
        if records.notOffered {
            dns.setSRVRecords([.serviceNotOffered], service: service, domain: records.domain)
        } else if records.srv.isEmpty {
            dns.removeSRVRecords(service: service, domain: records.domain)
        } else {
            let srv = try records.srv.map { try srvRecord($0, service: records.service) }
            dns.setSRVRecords(srv, service: service, domain: records.domain)
        }
    }

    private func srvRecord(_ spec: SRVSpec, service: DNSServiceKind) throws -> SRVRecord {
        let port: Int
        switch spec.port {
        case .fixed(let fixed):
            port = fixed
        case .dead:
            port = deadPort ?? 9
        case .server(let domain):
            let server = try server(domain)
            guard let address = service == .server ? server.s2sAddress : server.c2sAddress else {
                throw LabError("\(domain) has no \(service.rawValue) listener for an SRV record")
            }
            port = address.port
        }
        if !dns.zone.nameExists(DNSName(spec.target)) {
            dns.setAddresses(["127.0.0.1"], host: spec.target)
        }
        return SRVRecord(priority: UInt16(clamping: spec.priority), weight: UInt16(clamping: spec.weight), port: port, target: spec.target)
    }

    /// A loopback port that refuses connections: bound once to learn a free
    /// number, then closed.
    private func closedPort() async throws -> Int {
        if let deadPort { return deadPort }
        let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 9
        try await channel.close()
        return port
    }

    func breakDNS(domain: String, failure: DNSFailureKind, querier: String?) {
        let labFailure = DNSFailure(rawValue: failure.rawValue) ?? .nxdomain
        for question in Self.questions(for: domain) {
            dns.setFailure(labFailure, for: question, querier: querier)
        }
    }

    func restoreDNS(domain: String) {
        for question in Self.questions(for: domain) {
            dns.clearFailure(for: question)
            for querier in topology.servers.map(\.domain) {
                dns.clearFailure(for: question, querier: querier)
            }
        }
    }

    /// A broken domain fails for SRV and for the A/AAAA fallback alike.
    private static func questions(for domain: String) -> [DNSQuestion] {
        [.srv(service: .xmppServer, domain: domain), .srv(service: .xmppClient, domain: domain), .address(host: domain)]
    }
}

extension DNSServiceKind {
    var labService: DNSService {
        switch self {
        case .server: .xmppServer
        case .client: .xmppClient
        }
    }
}
