import Yams

extension TopologyReader {
    /// `dns:` — SRV records, extra addresses, per-querier answers, failures.
    mutating func readDNS(_ node: Node?) -> DNSSpec {
        guard let node, let fields = fields(node, in: "dns", allowed: TopologyKeys.dns) else { return DNSSpec() }
        return DNSSpec(
            records: fields["records"].map { readRecords($0) } ?? [],
            addresses: fields["addresses"].map { readAddresses($0) } ?? [],
            overrides: fields["overrides"].map { readOverrides($0) } ?? [],
            failures: fields["failures"].map { readFailures($0) } ?? []
        )
    }

    private mutating func readRecords(_ node: Node) -> [DomainRecords] {
        guard let entries = list(node, of: "DNS records") else { return [] }
        var records: [DomainRecords] = []
        var seen: [String: SourceLocation] = [:]
        for entry in entries {
            guard let fields = fields(entry, in: "DNS record", allowed: TopologyKeys.dnsRecord, nullIsEmpty: false) else { continue }
            let domain = require(fields, "domain").flatMap { knownDomain($0, role: "DNS record") }
            let service = fields["service"].map { choice($0, DNSServiceKind.self, name: "DNS service") } ?? .server
            let notOffered = fields["not_offered"].map { bool($0) } ?? false
            let srv = fields["srv"].map { srvRecords($0) }
            guard let domain, let service else { continue }
            let key = "\(domain) \(service.rawValue)"
            if let first = seen[key] {
                duplicate("DNS records for '\(domain)' (\(service.rawValue))", first: first, at: fields["domain"]!)
                continue
            }
            seen[key] = fields.location
            guard let notOffered, srv != .some(nil) else { continue }
            if notOffered, srv != nil {
                error("a DNS record takes either srv or not_offered: true, not both", at: fields.keyLocation("not_offered")!)
                continue
            }
            if !notOffered, srv == nil {
                error("DNS record for '\(domain)' needs srv (a list; [] for no SRV record) or not_offered: true", at: fields.location)
                continue
            }
            records.append(DomainRecords(domain: domain, service: service, srv: srv.flatMap { $0 } ?? [], notOffered: notOffered, location: fields.location))
        }
        return records
    }

    /// `addresses:` — host name → loopback addresses (one or a list).
    private mutating func readAddresses(_ node: Node) -> [HostAddresses] {
        if isNull(node) { return [] }
        guard let entries = mappingEntries(node, in: "addresses") else { return [] }
        var hosts: [HostAddresses] = []
        var seen: [String: SourceLocation] = [:]
        for entry in entries {
            guard let host = domain(entry.key, at: entry.keyNode) else { continue }
            if let first = seen[host] {
                if !entry.merged { duplicate("addresses for '\(host)'", first: first, at: entry.keyNode) }
                continue
            }
            seen[host] = location(of: entry.keyNode)
            let values: [Node]? = if case .sequence = entry.value { list(entry.value, of: "addresses") } else { [entry.value] }
            let addresses = (values ?? []).map { loopbackAddress($0) }
            guard values != nil, !addresses.contains(nil) else { continue }
            if addresses.isEmpty {
                error("'\(host)' needs at least one address", at: entry.value)
                continue
            }
            hosts.append(HostAddresses(host: host, addresses: addresses.compactMap { $0 }))
        }
        return hosts
    }

    private mutating func readOverrides(_ node: Node) -> [DNSOverride] {
        guard let entries = list(node, of: "DNS overrides") else { return [] }
        var overrides: [DNSOverride] = []
        for entry in entries {
            guard let fields = fields(entry, in: "DNS override", allowed: TopologyKeys.dnsOverride, nullIsEmpty: false) else { continue }
            let querier = require(fields, "querier").flatMap { querierDomain($0, role: "DNS override") }
            let domain = require(fields, "domain").flatMap { knownDomain($0, role: "DNS override") }
            let service = fields["service"].map { choice($0, DNSServiceKind.self, name: "DNS service") } ?? .server
            let srv = require(fields, "srv").flatMap { srvRecords($0) }
            guard let querier, let domain, let service, let srv else { continue }
            overrides.append(DNSOverride(querier: querier, domain: domain, service: service, srv: srv, location: fields.location))
        }
        return overrides
    }

    private mutating func readFailures(_ node: Node) -> [DNSFailureSpec] {
        guard let entries = list(node, of: "DNS failures") else { return [] }
        var failures: [DNSFailureSpec] = []
        for entry in entries {
            guard let fields = fields(entry, in: "DNS failure", allowed: TopologyKeys.dnsFailure, nullIsEmpty: false) else { continue }
            let domain = require(fields, "domain").flatMap { knownDomain($0, role: "DNS failure") }
            let failure = require(fields, "failure").flatMap { choice($0, DNSFailureKind.self, name: "DNS failure") }
            let querier = fields["querier"].map { querierDomain($0, role: "DNS failure") }
            guard let domain, let failure, querier != .some(nil) else { continue }
            failures.append(DNSFailureSpec(domain: domain, failure: failure, querier: querier ?? nil))
        }
        return failures
    }
}
