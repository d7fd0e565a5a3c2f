import Yams

extension TopologyReader {
    /// `external:` — domains served outside the lab; registers each domain.
    mutating func readExternalDomains(_ node: Node?) -> [ExternalDomainSpec] {
        guard let node, let entries = list(node, of: "external domains") else { return [] }
        var externals: [ExternalDomainSpec] = []
        for entry in entries {
            guard let fields = fields(entry, in: "external domain", allowed: TopologyKeys.external, nullIsEmpty: false) else { continue }
            let domain = require(fields, "domain").flatMap { self.domain($0) }
            let host = fields["host"].map { loopbackAddress($0) } ?? "127.0.0.1"
            let s2sPort = require(fields, "s2s_port").flatMap { integer($0, name: "s2s_port", in: 1...65535) }
            let c2sPort = fields["c2s_port"].flatMap { integer($0, name: "c2s_port", in: 1...65535) }
            guard let domain else { continue }
            if let lab = labDomains[domain] {
                error("'\(domain)' is both a lab server (line \(lab.line)) and an external domain", at: fields["domain"]!)
                continue
            }
            if let first = externalDomains[domain] {
                duplicate("external domain '\(domain)'", first: first.location, at: fields["domain"]!)
                continue
            }
            // Registered even when other fields are wrong, so references to it are not reported too.
            let external = ExternalDomainSpec(domain: domain, host: host ?? "", s2sPort: s2sPort ?? 0, c2sPort: c2sPort, location: fields.location)
            externalDomains[domain] = external
            externals.append(external)
        }
        return externals
    }

    /// An IPv4 address in 127.0.0.0/8 or the IPv6 address ::1, as written.
    mutating func loopbackAddress(_ node: Node) -> String? {
        guard let text = string(node) else { return nil }
        guard LoopbackAddress.isLoopback(text) else {
            error("'\(text)' is not a loopback address (expected 127.0.0.0/8 or ::1)", at: node)
            return nil
        }
        return text
    }
}
