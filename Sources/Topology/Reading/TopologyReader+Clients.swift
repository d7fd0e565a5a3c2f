import XMPPCore
import Yams

extension TopologyReader {
    /// `clients:`, counts expanded; registers every client name and group,
    /// then checks each `subscribe_to` entry against them.
    mutating func readClients(_ node: Node?) -> [ClientSpec] {
        guard let node, let entries = list(node, of: "clients") else { return [] }
        var clients: [ClientSpec] = []
        var subscriptions: [(clients: Range<Int>, entries: [Node])] = []
        for entry in entries {
            guard let template = clientTemplate(entry) else { continue }
            let expanded = expand(template, alreadyExpanded: clients.count)
            subscriptions.append((clients.count..<clients.count + expanded.count, template.subscribeTo))
            clients += expanded
            groups.formUnion(template.groups)
        }
        for (range, entries) in subscriptions {
            let targets = subscriptionTargets(entries, of: range.count == 1 ? clients[range.lowerBound].name : nil)
            for index in range { clients[index].subscribeTo = targets }
        }
        return clients
    }

    private mutating func clientTemplate(_ node: Node) -> ClientTemplate? {
        guard let fields = fields(node, in: "client", allowed: TopologyKeys.client, nullIsEmpty: false) else { return nil }
        let jidNode = require(fields, "jid")
        let jid = jidNode.flatMap { string($0) }
        let count = fields["count"].map { integer($0, name: "count", in: 1...Int.max) }
        let password = fields["password"].map { string($0) }
        let mechanism = fields["mechanism"].map { saslMechanism($0) }
        let resource = fields["resource"].map { string($0) }
        let priority = fields["priority"].map { integer($0, name: "priority", in: -128...127) } ?? 0
        let presence: PresenceSpec?? = if let node = fields["presence"] { initialPresence(node) } else { .some(PresenceSpec()) }
        let groups = fields["groups"].map { groupNames($0) } ?? []
        let subscribeTo = fields["subscribe_to"].map { list($0, of: "client JIDs or group:NAME") } ?? []
        let connect = fields["connect"].map { choice($0, ConnectMode.self, name: "connect mode") } ?? .start
        let streamManagement = fields["stream_management"].map { bool($0) } ?? false
        // nil: not given (it follows stream_management); .some(nil): false or malformed.
        var reconnect: ReconnectSpec?? = nil
        if let node = fields["reconnect"] {
            let policy: ReconnectSpec? = reconnectPolicy(node) ?? nil
            reconnect = .some(policy)
        }
        // Only the name decides whether the entry declares clients: with a
        // bad field elsewhere (already reported) the clients still exist, so
        // references to them are not reported as unknown as well.
        guard let jidNode, let jid, count != .some(nil) else { return nil }
        let numbered = jid.contains(ClientTemplate.number)
        if count != nil, !numbered {
            error("count needs '\(ClientTemplate.number)' in jid to number the clients", at: fields["count"]!)
            return nil
        }
        if count == nil, numbered {
            error("'\(ClientTemplate.number)' in jid needs count", at: jidNode)
            return nil
        }
        return ClientTemplate(
            jid: jid, jidNode: jidNode, count: count ?? nil, password: password ?? nil, mechanism: mechanism ?? nil,
            resource: resource ?? nil, resourceNode: fields["resource"], priority: priority ?? 0,
            presence: presence ?? PresenceSpec(), groups: groups ?? [], subscribeTo: subscribeTo ?? [],
            connectAtStart: (connect ?? .start) == .start, streamManagement: streamManagement ?? false,
            reconnect: reconnect, location: fields.location
        )
    }

    /// `reconnect:` — `true` (the defaults), `false`, or `{after, max_after}`;
    /// `.some(nil)` for false, nil when malformed (reported).
    private mutating func reconnectPolicy(_ node: Node) -> ReconnectSpec?? {
        guard case .mapping = node else {
            guard visit(node) else { return nil }
            guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
                error("expected true, false or a mapping for reconnect, got \(describe(node))", at: node)
                return nil
            }
            return .some(value ? ReconnectSpec() : nil)
        }
        guard let fields = fields(node, in: "reconnect", allowed: TopologyKeys.reconnect) else { return nil }
        var spec = ReconnectSpec()
        let after = fields["after"].map { positiveDuration($0, name: "after") }
        let maxAfter = fields["max_after"].map { positiveDuration($0, name: "max_after") }
        guard after != .some(nil), maxAfter != .some(nil) else { return nil }
        if let after = after ?? nil { spec.after = after }
        if let maxAfter = maxAfter ?? nil { spec.maxAfter = maxAfter }
        guard spec.maxAfter >= spec.after else {
            error("max_after (\(DurationText.format(spec.maxAfter))) is shorter than after (\(DurationText.format(spec.after)))",
                  at: fields["max_after"] ?? fields["after"]!)
            return nil
        }
        return .some(spec)
    }

    /// The clients a template stands for, each checked (only the first
    /// problem of a counted entry is reported) and registered by name.
    private mutating func expand(_ template: ClientTemplate, alreadyExpanded: Int) -> [ClientSpec] {
        let numbers: [Int?]
        if let count = template.count {
            guard alreadyExpanded + count <= TopologyLimits.maximumClients else {
                error("too many clients: this count makes \(alreadyExpanded + count), more than \(TopologyLimits.maximumClients)", at: template.location)
                return []
            }
            numbers = Array(1...count)
        } else {
            numbers = [nil]
        }
        if let resource = template.resource {
            _ = resourcePart(template.expand(resource, numbers[0]), at: template.resourceNode ?? template.jidNode)
        }
        var clients: [ClientSpec] = []
        clients.reserveCapacity(numbers.count)
        var checkedDomains = Set<String>()
        for n in numbers {
            let text = template.expand(template.jid, n)
            guard let jid = bareJID(text, at: template.jidNode), let username = jid.localpart else { return [] }
            if checkedDomains.insert(jid.domainpart).inserted, !canLogIn(to: jid.domainpart, at: template.jidNode) { return [] }
            let client = template.client(n, username: username, domain: jid.domainpart)
            if let first = clientNames[client.name] {
                duplicate("client '\(client.name)'", first: first, at: template.jidNode)
                return []
            }
            clientNames[client.name] = template.location
            clientOrder.append(client.name)
            for group in template.groups { groupMembers[group, default: []].append(client.name) }
            clients.append(client)
        }
        return clients
    }

    /// A client logs in to a lab server, or to an external domain with a c2s port.
    private mutating func canLogIn(to domain: String, at node: Node) -> Bool {
        if labDomains[domain] != nil { return true }
        if let external = externalDomains[domain] {
            guard external.c2sPort != nil else {
                error("client domain '\(domain)' is external and has no c2s_port to log in to", at: node)
                return false
            }
            return true
        }
        error("client names unknown domain '\(domain)'", at: node)
        return false
    }

    private mutating func resourcePart(_ text: String, at node: Node) -> Bool {
        do {
            _ = try JID(localpart: nil, domainpart: "localhost", resourcepart: text)
            return true
        } catch {
            self.error("malformed resource '\(text)': \(error.reason)", at: node)
            return false
        }
    }
}
