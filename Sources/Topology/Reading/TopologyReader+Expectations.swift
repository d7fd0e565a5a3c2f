import XMPPCore
import Yams

extension TopologyReader {
    /// One `expect:` entry: exactly one kind key.
    mutating func expectation(_ node: Node) -> ScenarioExpectation? {
        guard let fields = fields(node, in: "expectation", allowed: TopologyKeys.expectations, nullIsEmpty: false),
              let key = singleKey(fields, among: TopologyKeys.expectations, what: "kind"),
              let kind = expectationKind(key, fields[key]!)
        else { return nil }
        return ScenarioExpectation(kind, location: fields.location)
    }

    private mutating func expectationKind(_ key: String, _ node: Node) -> ExpectationKind? {
        switch key {
        case "delivered": return delivered(node)
        case "presence": return presenceSeen(node)
        case "error": return errorReceived(node)
        case "connections": return connectionCount(node)
        case "presence_converged": return scenarioTime(node, of: "presence_converged").map { .presenceConverged(by: $0) }
        case "no_stanza_lost": return noStanzaLost(node)
        default: return nil
        }
    }

    private mutating func delivered(_ node: Node) -> ExpectationKind? {
        guard let fields = fields(node, in: "delivered", allowed: TopologyKeys.expectDelivered, nullIsEmpty: false) else { return nil }
        let id = require(fields, "id").flatMap { messageID($0) }
        let within = require(fields, "within").flatMap { positiveDuration($0, name: "within") }
        guard let id, let within else { return nil }
        messageIDs.addReference(id, at: location(of: fields["id"]!))
        return .delivered(messageID: id, within: within)
    }

    private mutating func presenceSeen(_ node: Node) -> ExpectationKind? {
        guard let fields = fields(node, in: "presence expectation", allowed: TopologyKeys.expectPresence, nullIsEmpty: false) else { return nil }
        let observer = require(fields, "observer").flatMap { knownClient($0, role: "presence expectation") }
        let of = require(fields, "of").flatMap { knownClient($0, role: "presence expectation") }
        let show = fields["show"].map { expectedShow($0) }
        let after = fields["after"].map { scenarioTime($0, of: "presence expectation") } ?? .zero
        let within = require(fields, "within").flatMap { positiveDuration($0, name: "within") }
        guard let observer, let of, show != .some(nil), let after, let within else { return nil }
        return .presenceSeen(observer: observer, of: of, show: show ?? nil, after: after, within: within)
    }

    /// A presence show an expectation may look for: away, chat, dnd, xa, or unavailable.
    private mutating func expectedShow(_ node: Node) -> String? {
        guard let text = string(node) else { return nil }
        let allowed = PresenceShow.allCases.map(\.rawValue) + ["unavailable"]
        guard allowed.contains(text) else {
            error("unknown presence show '\(text)' (expected one of: \(Self.list(allowed)))", at: node)
            return nil
        }
        return text
    }

    private mutating func errorReceived(_ node: Node) -> ExpectationKind? {
        guard let fields = fields(node, in: "error expectation", allowed: TopologyKeys.expectError, nullIsEmpty: false) else { return nil }
        let client = require(fields, "client").flatMap { knownClient($0, role: "error expectation") }
        let condition = require(fields, "condition").flatMap { choice($0, StanzaErrorCondition.self, name: "stanza error condition") }
        let id = fields["id"].map { messageID($0) }
        let by = require(fields, "by").flatMap { scenarioTime($0, of: "error expectation") }
        guard let client, let condition, id != .some(nil), let by else { return nil }
        if let id = id ?? nil { messageIDs.addReference(id, at: location(of: fields["id"]!)) }
        return .errorReceived(client: client, condition: condition.rawValue, messageID: id ?? nil, by: by)
    }

    private mutating func connectionCount(_ node: Node) -> ExpectationKind? {
        guard let fields = fields(node, in: "connections", allowed: TopologyKeys.expectConnections, nullIsEmpty: false) else { return nil }
        let domain = require(fields, "domain").flatMap { labServer($0, role: "connections") }
        let at = require(fields, "at").flatMap { scenarioTime($0, of: "connections expectation") }
        let c2s = fields["c2s"].map { integer($0, name: "c2s", in: 0...Int.max) }
        let s2s = fields["s2s"].map { integer($0, name: "s2s", in: 0...Int.max) }
        if c2s == nil, s2s == nil {
            error("connections needs at least one of c2s, s2s", at: fields.location)
            return nil
        }
        guard let domain, let at, c2s != .some(nil), s2s != .some(nil) else { return nil }
        return .connectionCount(domain: domain, at: at, c2s: c2s ?? nil, s2s: s2s ?? nil)
    }

    /// `true`, `false` (expects nothing) or `{delivered, duplicates, flows}`.
    private mutating func noStanzaLost(_ node: Node) -> ExpectationKind? {
        if case .mapping = node {
            guard let fields = fields(node, in: "no_stanza_lost", allowed: TopologyKeys.expectNoStanzaLost) else { return nil }
            let requireDelivery = fields["delivered"].map { bool($0) } ?? false
            let duplicates = fields["duplicates"].map { bool($0) } ?? true
            let flows = fields["flows"].map { messageFlows($0) } ?? []
            guard let requireDelivery, let duplicates, let flows else { return nil }
            return .noStanzaLost(requireDelivery: requireDelivery, flows: flows, allowDuplicates: duplicates)
        }
        guard let value = bool(node) else { return nil }
        return value ? .noStanzaLost(requireDelivery: false) : nil
    }

    /// `flows:` — a non-empty list of `{from, to}`.
    private mutating func messageFlows(_ node: Node) -> [MessageFlow]? {
        guard let entries = list(node, of: "flows ({from, to})") else { return nil }
        guard !entries.isEmpty else {
            error("flows needs at least one flow {from, to} (leave flows out for every message)", at: node)
            return nil
        }
        var flows: [MessageFlow] = []
        for entry in entries {
            guard let fields = fields(entry, in: "flow", allowed: TopologyKeys.flow, nullIsEmpty: false) else { return nil }
            if fields["from"] == nil, fields["to"] == nil {
                error("flow needs at least one of from, to", at: fields.location)
                return nil
            }
            let from = fields["from"].map { flowEnd($0) } ?? ["*"]
            let to = fields["to"].map { flowEnd($0) } ?? ["*"]
            guard let from, let to else { return nil }
            flows.append(MessageFlow(from: from, to: to))
        }
        return flows
    }

    /// One end of a flow: `"*"`, a client, `group:NAME`, or a list of clients and groups.
    private mutating func flowEnd(_ node: Node) -> [String]? {
        let elements: [Node]
        if case .sequence = node {
            guard let list = list(node, of: "clients or group:NAME") else { return nil }
            elements = list
        } else {
            if node.string == "*" { return ["*"] }
            elements = [node]
        }
        var names: [String] = []
        for element in elements {
            guard let text = string(element) else { return nil }
            if text.hasPrefix("group:") {
                let group = String(text.dropFirst("group:".count))
                guard let members = groupMembers[group] else {
                    error("flow names unknown group '\(group)'", at: element)
                    return nil
                }
                names += members
            } else {
                guard let name = knownClient(element, role: "flow") else { return nil }
                names.append(name)
            }
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
