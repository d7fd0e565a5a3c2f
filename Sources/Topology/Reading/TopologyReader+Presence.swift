import Yams

// Presence a client sends: at login (`presence:` of a client) and in
// `presence` steps.
extension TopologyReader {
    /// `presence:` of a client: `none` (`.some(nil)`: no initial presence),
    /// or a mapping of show and status; nil when malformed (reported).
    mutating func initialPresence(_ node: Node) -> PresenceSpec?? {
        if case .scalar = node, node.string == "none" { return .some(nil) }
        guard case .mapping = node else {
            if isNull(node) { return .some(PresenceSpec()) }
            error("expected a presence mapping {show, status} or 'none', got \(describe(node))", at: node)
            return nil
        }
        return presence(node, in: "presence", allowed: TopologyKeys.presence).map { .some($0) }
    }

    /// A mapping with `show` (away, chat, dnd, xa) and `status`, both
    /// optional, among `allowed` keys (the caller reads the others).
    mutating func presence(_ node: Node, in context: String, allowed: [String]) -> PresenceSpec? {
        guard let fields = fields(node, in: context, allowed: allowed) else { return nil }
        return presence(fields)
    }

    /// The presence `show` and `status` among `fields` say; nil when either is malformed (reported).
    mutating func presence(_ fields: Fields) -> PresenceSpec? {
        let show = fields["show"].map { choice($0, PresenceShow.self, name: "presence show") }
        let status = fields["status"].map { string($0) }
        guard show != .some(nil), status != .some(nil) else { return nil }
        return PresenceSpec(show: show??.rawValue, status: status ?? nil)
    }
}
