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

    /// A list of SRV records.
    private mutating func srvRecords(_ node: Node) -> [SRVSpec]? {
        guard let entries = list(node, of: "SRV records") else { return nil }
        let records = entries.map { srvRecord($0) }
        return records.contains(nil) ? nil : records.compactMap { $0 }
    }

    /// One SRV record. Its port: `port: N`, `port: dead`, `server: DOMAIN`
    /// (that lab server's listener), or nothing (the listener of the lab
    /// server the target names).
    private mutating func srvRecord(_ node: Node) -> SRVSpec? {
        guard let fields = fields(node, in: "SRV record", allowed: TopologyKeys.srv, nullIsEmpty: false) else { return nil }
        let priority = fields["priority"].map { integer($0, name: "priority", in: 0...65535) } ?? 0
        let weight = fields["weight"].map { integer($0, name: "weight", in: 0...65535) } ?? 0
        let target = require(fields, "target").flatMap { srvTarget($0) }
        var port: SRVPort?
        switch (fields["port"], fields["server"]) {
        case (.some, .some):
            error("an SRV record takes either port or server, not both", at: fields.keyLocation("server")!)
        case let (.some(node), nil):
            port = srvPort(node)
        case let (nil, .some(node)):
            port = labServer(node, role: "SRV record").map { .server($0) }
        case (nil, nil):
            if let target {
                if labDomains[target] != nil {
                    port = .server(target)
                } else {
                    error("SRV target '\(target)' is not a lab server, so the record needs port: N, port: dead or server: DOMAIN", at: fields["target"]!)
                }
            }
        }
        guard let priority, let weight, let target, let port else { return nil }
        return SRVSpec(priority: priority, weight: weight, target: target, port: port)
    }

    private mutating func srvTarget(_ node: Node) -> String? {
        if node.string == "." {
            error("an SRV target of '.' means the service is not offered: write not_offered: true instead", at: node)
            return nil
        }
        return domain(node)
    }

    private mutating func srvPort(_ node: Node) -> SRVPort? {
        if node.string == "dead" { return .dead }
        guard node.tag.rawValue == Tag.Name.int.rawValue else {
            error("expected a port number or 'dead', got \(describe(node))", at: node)
            return nil
        }
        return integer(node, name: "port", in: 1...65535).map { .fixed($0) }
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
            let querier = require(fields, "querier").flatMap { knownDomain($0, role: "DNS override") }
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
            let querier = fields["querier"].map { knownDomain($0, role: "DNS failure") }
            guard let domain, let failure, querier != .some(nil) else { continue }
            failures.append(DNSFailureSpec(domain: domain, failure: failure, querier: querier ?? nil))
        }
        return failures
    }
}
