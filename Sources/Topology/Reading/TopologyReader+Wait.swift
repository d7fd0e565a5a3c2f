import Yams

extension TopologyReader {
    /// `wait:` — `timeout:` and exactly one condition.
    mutating func wait(_ node: Node) -> StepAction? {
        guard let fields = fields(node, in: "wait", allowed: TopologyKeys.wait, nullIsEmpty: false) else { return nil }
        let timeout = require(fields, "timeout").flatMap { positiveDuration($0, name: "timeout") }
        guard let key = singleKey(fields, among: TopologyKeys.waitConditions, what: "condition"),
              let condition = waitCondition(key, fields[key]!),
              let timeout
        else { return nil }
        return .wait(condition, timeout: timeout)
    }

    private mutating func waitCondition(_ key: String, _ node: Node) -> WaitCondition? {
        switch key {
        case "online":
            return clientSelector(node, role: "wait").map { .online(clients: $0) }
        case "delivered":
            guard let id = messageID(node) else { return nil }
            messageIDs.addReference(id, at: location(of: node))
            return .delivered(messageID: id)
        case "presence":
            guard let fields = fields(node, in: "wait presence", allowed: TopologyKeys.waitPresence, nullIsEmpty: false) else { return nil }
            let observer = require(fields, "observer").flatMap { knownClient($0, role: "wait") }
            let of = require(fields, "of").flatMap { knownClient($0, role: "wait") }
            guard let observer, let of else { return nil }
            return .presenceSeen(observer: observer, of: of)
        case "federated":
            return domainPair(node, role: "wait").map { .federated($0) }
        default:
            return nil
        }
    }
}
