import Yams

extension TopologyReader {
    /// One step: `at:` and exactly one action key. A `chaos:` step stands
    /// for the steps it expands to.
    mutating func steps(_ node: Node) -> [ScenarioStep] {
        guard let fields = fields(node, in: "step", allowed: TopologyKeys.step, nullIsEmpty: false) else { return [] }
        let at = require(fields, "at").flatMap { scenarioTime($0, of: "step") }
        guard let key = singleKey(fields, among: TopologyKeys.stepActions, what: "action") else { return [] }
        if key == "chaos" {
            guard let at else { return [] }
            return chaos(fields[key]!, at: at, step: fields.location)
        }
        guard let action = action(key, fields[key]!, step: fields.location), let at else { return [] }
        return [ScenarioStep(at: at, action: action, location: fields.location)]
    }

    private mutating func action(_ key: String, _ node: Node, step: SourceLocation) -> StepAction? {
        switch key {
        case "connect":
            return clientSelector(node, role: "connect").map { .connect(clients: $0) }
        case "disconnect":
            return clientSelector(node, role: "disconnect").map { .disconnect(clients: $0) }
        case "drop_connection":
            return knownClient(node, role: "drop_connection").map { .dropConnection(client: $0) }
        case "send":
            return send(node, step: step)
        case "presence":
            guard let fields = fields(node, in: "presence step", allowed: TopologyKeys.sendPresence, nullIsEmpty: false) else { return nil }
            let from = require(fields, "from").flatMap { knownClient($0, role: "presence") }
            guard let spec = presence(fields), let from else { return nil }
            return .sendPresence(from: from, presence: spec)
        case "subscribe":
            guard let fields = fields(node, in: "subscribe", allowed: TopologyKeys.subscribe, nullIsEmpty: false) else { return nil }
            let from = require(fields, "from").flatMap { knownClient($0, role: "subscribe") }
            let to = require(fields, "to").flatMap { bareJID($0) }
            guard let from, let to else { return nil }
            return .subscribe(from: from, to: to.description)
        case "crash":
            return labServer(node, role: "crash").map { .crashServer(domain: $0) }
        case "restart":
            return labServer(node, role: "restart").map { .restartServer(domain: $0) }
        case "cut_link":
            guard let fields = fields(node, in: "cut_link", allowed: TopologyKeys.cutLink, nullIsEmpty: false) else { return nil }
            let pair = require(fields, "between").flatMap { existingLink($0, role: "cut_link") }
            let mode = fields["mode"].map { choice($0, LinkCutMode.self, name: "cut mode") } ?? .blackhole
            guard let pair, let mode else { return nil }
            return .cutLink(pair, mode: mode)
        case "heal_link":
            guard let fields = fields(node, in: "heal_link", allowed: TopologyKeys.healLink, nullIsEmpty: false) else { return nil }
            return require(fields, "between").flatMap { existingLink($0, role: "heal_link") }.map { .healLink($0) }
        case "degrade_link":
            return degradeLink(node)
        case "break_dns":
            guard let fields = fields(node, in: "break_dns", allowed: TopologyKeys.breakDNS, nullIsEmpty: false) else { return nil }
            let domain = require(fields, "domain").flatMap { knownDomain($0, role: "break_dns") }
            let failure = require(fields, "failure").flatMap { choice($0, DNSFailureKind.self, name: "DNS failure") }
            let querier = fields["querier"].map { querierDomain($0, role: "break_dns") }
            guard let domain, let failure, querier != .some(nil) else { return nil }
            return .breakDNS(domain: domain, failure: failure, querier: querier ?? nil)
        case "restore_dns":
            return knownDomain(node, role: "restore_dns").map { .restoreDNS(domain: $0) }
        case "wait":
            return wait(node)
        default:
            return nil
        }
    }

    /// `send:` — `count` messages (default 1) `interval` apart (default 0s),
    /// with id `id` (default `m<line of the step>`).
    private mutating func send(_ node: Node, step: SourceLocation) -> StepAction? {
        guard let fields = fields(node, in: "send", allowed: TopologyKeys.send, nullIsEmpty: false) else { return nil }
        let from = require(fields, "from").flatMap { knownClient($0, role: "send") }
        let to = require(fields, "to").flatMap { jid($0) }
        let body = require(fields, "body").flatMap { string($0) }
        let id = fields["id"].map { messageID($0) } ?? "m\(step.line)"
        let count = fields["count"].map { integer($0, name: "count", in: 1...Int.max) } ?? 1
        let interval = fields["interval"].map { duration($0) } ?? .zero
        guard let id else { return nil }
        if let first = messageIDs.addSend(id: id, count: count ?? 1, at: step) {
            duplicate("message id '\(id)'", first: first, at: fields["id"] ?? node)
            return nil
        }
        guard let from, let to, let body, let count, let interval else { return nil }
        return .sendMessage(from: from, to: to.description, body: body, id: id, count: count, interval: interval)
    }

    /// A message id: a non-empty string.
    mutating func messageID(_ node: Node) -> String? {
        guard let id = string(node) else { return nil }
        guard !id.isEmpty else {
            error("a message id cannot be empty", at: node)
            return nil
        }
        return id
    }

    private mutating func degradeLink(_ node: Node) -> StepAction? {
        guard let fields = fields(node, in: "degrade_link", allowed: TopologyKeys.degradeLink, nullIsEmpty: false) else { return nil }
        let pair = require(fields, "between").flatMap { existingLink($0, role: "degrade_link") }
        let latency = fields["latency"].map { duration($0) }
        let jitter = fields["jitter"].map { duration($0) }
        let rate = fields["bandwidth"].map { bandwidth($0) }
        if latency == nil, jitter == nil, rate == nil {
            error("degrade_link needs at least one of latency, jitter, bandwidth", at: fields.location)
            return nil
        }
        guard let pair, latency != .some(nil), jitter != .some(nil), rate != .some(nil) else { return nil }
        return .degradeLink(pair, latency: latency ?? nil, jitter: jitter ?? nil, bandwidth: rate ?? nil)
    }
}
