import Yams

// SRV records, in `dns: records:` and `dns: overrides:`.
extension TopologyReader {
    /// A list of SRV records.
    mutating func srvRecords(_ node: Node) -> [SRVSpec]? {
        guard let entries = list(node, of: "SRV records") else { return nil }
        let records = entries.map { srvRecord($0) }
        return records.contains(nil) ? nil : records.compactMap { $0 }
    }

    /// One SRV record. Its port: `port: N`, `port: dead`, `server: DOMAIN`
    /// (that lab server's listener), or nothing (the listener of the lab
    /// server the target names).
    mutating func srvRecord(_ node: Node) -> SRVSpec? {
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
}
