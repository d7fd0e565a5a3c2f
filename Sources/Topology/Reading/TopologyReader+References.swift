import Yams

// References to what other sections declared. `role` names the referring
// thing in messages: "link names unknown domain 'zulu.test'".
extension TopologyReader {
    func isKnownDomain(_ domain: String) -> Bool {
        labDomains[domain] != nil || externalDomains[domain] != nil
    }

    /// A lab server's domain or an external domain.
    mutating func knownDomain(_ node: Node, role: String) -> String? {
        guard let domain = domain(node) else { return nil }
        guard isKnownDomain(domain) else {
            error("\(role) names unknown domain '\(domain)'", at: node)
            return nil
        }
        return domain
    }

    /// A lab server's domain (not an external one, nor a virtual host).
    mutating func labServer(_ node: Node, role: String) -> String? {
        guard let domain = knownDomain(node, role: role) else { return nil }
        guard labDomains[domain] != nil else {
            error("\(role) needs a lab server, but '\(domain)' is an external domain", at: node)
            return nil
        }
        return notVirtualHost(domain, at: node, role: role)
    }

    /// The domain of a server that asks the DNS (a querier): servers ask as
    /// their own domain, never as a virtual host.
    mutating func querierDomain(_ node: Node, role: String) -> String? {
        knownDomain(node, role: role).flatMap { notVirtualHost($0, at: node, role: "\(role) querier") }
    }

    /// `domain`, unless it is a virtual host where a server is meant.
    mutating func notVirtualHost(_ domain: String, at node: Node, role: String) -> String? {
        if let server = virtualHostOf[domain] {
            error("\(role) needs a server, but '\(domain)' is a virtual host of \(server): name \(server)", at: node)
            return nil
        }
        return domain
    }

    /// A client from `clients:`, by its bare JID.
    mutating func knownClient(_ node: Node, role: String) -> String? {
        guard let jid = bareJID(node) else { return nil }
        let name = jid.description
        guard clientNames[name] != nil else {
            error("\(role) names unknown client '\(name)'", at: node)
            return nil
        }
        return name
    }

    /// `"*"` (every client, kept as `["*"]`), one client, or a list of clients.
    mutating func clientSelector(_ node: Node, role: String) -> [String]? {
        guard visit(node) else { return nil }
        switch node {
        case .scalar where node.string == "*":
            return ["*"]
        case .scalar where !isNull(node):
            return knownClient(node, role: role).map { [$0] }
        case .sequence:
            guard let elements = list(node, of: "client JIDs") else { return nil }
            let names = elements.map { knownClient($0, role: role) }
            return names.contains(nil) ? nil : names.compactMap { $0 }
        default:
            error("expected a list of client JIDs or '*', got \(describe(node))", at: node)
            return nil
        }
    }

    /// `[a, b]`: two different known domains.
    mutating func domainPair(_ node: Node, role: String) -> DomainPairSpec? {
        guard let elements = list(node, of: "two domains") else { return nil }
        guard elements.count == 2 else {
            error("expected a list of two domains, got \(elements.count)", at: node)
            return nil
        }
        // Links and partitions join servers: a virtual host goes with its server.
        let first = knownDomain(elements[0], role: role).flatMap { notVirtualHost($0, at: elements[0], role: role) }
        let second = knownDomain(elements[1], role: role).flatMap { notVirtualHost($0, at: elements[1], role: role) }
        guard let first, let second else { return nil }
        guard first != second else {
            error("\(role) names the same domain twice: '\(first)'", at: node)
            return nil
        }
        return DomainPairSpec(first, second)
    }

    /// The pair of a link declared in `links:`.
    mutating func existingLink(_ node: Node, role: String) -> DomainPairSpec? {
        guard let pair = domainPair(node, role: role) else { return nil }
        guard linkPairs[pair] != nil else {
            error("\(role) names no link: there is no link \(pair)", at: node)
            return nil
        }
        return pair
    }
}
