import Yams

// Client groups and the `subscribe_to` entries that name clients or groups.
extension TopologyReader {
    mutating func groupNames(_ node: Node) -> [String]? {
        guard let elements = list(node, of: "group names") else { return nil }
        var names: [String] = []
        for element in elements {
            guard let name = string(element) else { continue }
            if name.isEmpty { error("a group name cannot be empty", at: element) }
            names.append(name)
        }
        return names
    }

    /// `subscribe_to` entries, prepared: known clients' bare JIDs and
    /// `group:NAME` of existing groups. `single` is the subscriber's own name
    /// (nil for a counted entry), which it may not name.
    mutating func subscriptionTargets(_ entries: [Node], of single: String?) -> [String] {
        var targets: [String] = []
        for entry in entries {
            guard let text = string(entry) else { continue }
            if text.hasPrefix("group:") {
                let group = String(text.dropFirst("group:".count))
                if groups.contains(group) {
                    targets.append(text)
                } else {
                    error("subscribe_to names unknown group '\(group)'", at: entry)
                }
                continue
            }
            guard let name = knownClient(entry, role: "subscribe_to") else { continue }
            if name == single {
                error("client '\(name)' cannot subscribe to itself", at: entry)
                continue
            }
            targets.append(name)
        }
        return targets
    }
}
