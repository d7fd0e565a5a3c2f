import Yams

extension TopologyReader {
    /// `servers:` with `defaults` applied; registers each domain.
    mutating func readServers(_ node: Node?, defaults: ServerSettings) -> [ServerSpec] {
        guard let node, let entries = list(node, of: "servers") else { return [] }
        if entries.isEmpty { error("servers must list at least one server", at: node) }
        var servers: [ServerSpec] = []
        for entry in entries {
            guard let fields = fields(entry, in: "server", allowed: TopologyKeys.server, nullIsEmpty: false) else { continue }
            let domain = require(fields, "domain").flatMap { self.domain($0) }
            let accounts = fields["accounts"].map { readAccounts($0) } ?? []
            let own = serverSettings(fields)
            guard let domain else { continue }
            if let first = labDomains[domain] {
                duplicate("server '\(domain)'", first: first, at: fields["domain"]!)
                continue
            }
            labDomains[domain] = fields.location
            let virtualHosts = fields["virtual_hosts"].map { readVirtualHosts($0, of: domain) } ?? []
            var server = ServerSpec(domain: domain, virtualHosts: virtualHosts, accounts: accounts, location: fields.location)
            let settings = defaults.overridden(by: own)
            settings.apply(to: &server)
            if !server.s2s.external, !server.s2s.dialback {
                error("s2s needs at least one of external and dialback for \(domain)", at: settings.s2sLocation ?? fields.location)
            }
            servers.append(server)
        }
        return servers
    }

    /// `virtual_hosts:` — further domains of the server; each is a lab
    /// domain of its own (clients and DNS entries may name it), hosted by `server`.
    mutating func readVirtualHosts(_ node: Node, of server: String) -> [String] {
        guard let entries = list(node, of: "virtual host domains") else { return [] }
        var hosts: [String] = []
        for entry in entries {
            guard let host = domain(entry) else { continue }
            if let first = labDomains[host] {
                duplicate("domain '\(host)'", first: first, at: entry)
                continue
            }
            labDomains[host] = location(of: entry)
            virtualHostOf[host] = server
            hosts.append(host)
        }
        return hosts
    }

    /// The server settings of `defaults:` (a mapping of its own).
    mutating func serverSettings(_ node: Node, in context: String, allowed: [String]) -> ServerSettings? {
        fields(node, in: context, allowed: allowed).map { serverSettings($0) }
    }

    /// The server settings among `fields` (the other keys are the caller's).
    mutating func serverSettings(_ fields: Fields) -> ServerSettings {
        var settings = ServerSettings()
        settings.tls = fields["tls"].flatMap { choice($0, TLSMode.self, name: "TLS mode") }
        settings.sasl = fields["sasl"].flatMap { saslMechanisms($0) }
        if let node = fields["stream_management"] { streamManagement(node, into: &settings) }
        settings.resourceConflict = fields["resource_conflict"].flatMap {
            choice($0, ResourceConflict.self, name: "resource conflict policy")
        }
        if let node = fields["s2s"], let s2s = self.fields(node, in: "s2s", allowed: TopologyKeys.s2s) {
            settings.s2sExternal = s2s["external"].flatMap { bool($0) }
            settings.s2sDialback = s2s["dialback"].flatMap { bool($0) }
            settings.s2sBidi = s2s["bidi"].flatMap { bool($0) }
            settings.s2sLocation = s2s.location
        }
        if let node = fields["limits"], let limits = self.fields(node, in: "limits", allowed: TopologyKeys.limits) {
            settings.maxStanzaBytes = limits["max_stanza_bytes"].flatMap { integer($0, name: "max_stanza_bytes", in: 1...Int.max) }
            settings.maxAuthAttempts = limits["max_auth_attempts"].flatMap { integer($0, name: "max_auth_attempts", in: 1...Int.max) }
            settings.negotiationTimeout = limits["negotiation_timeout"].flatMap { positiveDuration($0, name: "negotiation_timeout") }
            settings.offlineMessages = limits["offline_messages"].flatMap { integer($0, name: "offline_messages", in: 0...Int.max) }
            settings.pingInterval = limits["ping_interval"].flatMap { node -> Duration?? in
                if node.string == "never" { return .some(nil) }
                return positiveDuration(node, name: "ping_interval").map { .some($0) }
            }
            settings.pingTimeout = limits["ping_timeout"].flatMap { positiveDuration($0, name: "ping_timeout") }
        }
        return settings
    }

    /// `stream_management:` — `true`, `false`, or a mapping of its settings.
    private mutating func streamManagement(_ node: Node, into settings: inout ServerSettings) {
        guard case .mapping = node else {
            guard visit(node) else { return }
            guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
                error("expected true, false or a mapping for stream_management, got \(describe(node))", at: node)
                return
            }
            settings.smEnabled = value
            return
        }
        guard let sm = fields(node, in: "stream_management", allowed: TopologyKeys.streamManagement) else { return }
        settings.smEnabled = sm["enabled"].flatMap { bool($0) }
        settings.smResumption = sm["resumption"].flatMap { bool($0) }
        settings.smResumeTimeout = sm["resume_timeout"].flatMap { positiveDuration($0, name: "resume_timeout") }
        settings.smAckEvery = sm["ack_every"].flatMap { integer($0, name: "ack_every", in: 0...Int.max) }
        settings.smAckAfter = sm["ack_after"].flatMap { node -> Duration?? in
            if node.string == "never" { return .some(nil) }
            return positiveDuration(node, name: "ack_after").map { .some($0) }
        }
        settings.smMaxUnacknowledged = sm["max_unacked"].flatMap { integer($0, name: "max_unacked", in: 1...Int.max) }
    }

    mutating func saslMechanisms(_ node: Node) -> [String]? {
        guard let elements = list(node, of: "SASL mechanism names") else { return nil }
        var names: [String] = []
        for element in elements {
            guard let name = saslMechanism(element) else { continue }
            if names.contains(name) {
                error("SASL mechanism \(name) is listed twice", at: element)
            }
            names.append(name)
        }
        return names
    }

    mutating func saslMechanism(_ node: Node) -> String? {
        guard let name = string(node) else { return nil }
        guard SASLMechanisms.known.contains(name) else {
            error("unknown SASL mechanism '\(name)' (expected one of: \(Self.list(SASLMechanisms.known)))", at: node)
            return nil
        }
        return name
    }

    mutating func readAccounts(_ node: Node) -> [AccountSpec] {
        guard let entries = list(node, of: "accounts") else { return [] }
        var accounts: [AccountSpec] = []
        var seen: [String: SourceLocation] = [:]
        for entry in entries {
            guard let fields = fields(entry, in: "account", allowed: TopologyKeys.account, nullIsEmpty: false) else { continue }
            let username = require(fields, "username").flatMap { self.username($0) }
            let password = require(fields, "password").flatMap { string($0) }
            guard let username, let password else { continue }
            if let first = seen[username] {
                duplicate("account '\(username)'", first: first, at: fields["username"]!)
                continue
            }
            seen[username] = fields.location
            accounts.append(AccountSpec(username: username, password: password))
        }
        return accounts
    }

    /// A duration longer than zero; `name` says what it is.
    mutating func positiveDuration(_ node: Node, name: String) -> Duration? {
        guard let value = duration(node) else { return nil }
        guard value > .zero else {
            error("\(name) must be longer than 0s", at: node)
            return nil
        }
        return value
    }
}
