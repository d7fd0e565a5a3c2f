/// The account a stanza for `localpart@domainpart[/resourcepart]` on one of
/// the server's own domains is addressed to (RFC 6121 §8.5): whether it
/// exists and which resources it has connected.
public struct LocalAccount: Hashable, Sendable {
    /// Whether the account exists (RFC 6121 §8.5.1 covers the case where it
    /// does not).
    public var exists: Bool
    /// The account's connected resources, available or not, in the order
    /// deliveries should list them.
    public var resources: [ConnectedResource]

    /// An account; one that does not exist has no resources, whatever
    /// `resources` says.
    public init(exists: Bool = true, resources: [ConnectedResource] = []) {
        self.exists = exists
        self.resources = exists ? resources : []
    }

    /// No account of that name (RFC 6121 §8.5.1).
    public static let noSuchUser = LocalAccount(exists: false)

    /// The connected resource with exactly this resourcepart, if any.
    public func resource(named name: String) -> ConnectedResource? {
        resources.first { $0.resource == name }
    }

    /// The available resources, whatever their priority.
    public var availableResources: [ConnectedResource] {
        resources.filter(\.isAvailable)
    }

    /// The available resources with a non-negative priority: the only ones
    /// that may receive a message addressed to the bare JID (RFC 6121
    /// §8.5.2.1.1).
    public var nonNegativeResources: [ConnectedResource] {
        resources.filter { $0.isAvailable && $0.priority >= 0 }
    }

    /// The "most available" resources in the sense of RFC 6121 §8.5.2.1.1,
    /// as xmpplab reads it: every non-negative available resource that has
    /// the highest priority among them (several when they tie).
    public var mostAvailableResources: [ConnectedResource] {
        let candidates = nonNegativeResources
        guard let highest = candidates.map(\.priority).max() else { return [] }
        return candidates.filter { $0.priority == highest }
    }
}
