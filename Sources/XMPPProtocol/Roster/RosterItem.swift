import XMPPCore

/// One contact in a user's roster (RFC 6121 §2.1.2): the `<item/>` of a
/// `jabber:iq:roster` query.
public struct RosterItem: Hashable, Sendable {
    /// The contact's bare JID (§2.1.2.3), the item's key.
    public var jid: JID
    /// The user's name for the contact (§2.1.2.4), if any.
    public var name: String?
    /// The groups the item is filed under (§2.1.2.6), in order, each once:
    /// setting keeps the first of any duplicates.
    public var groups: [String] {
        didSet { groups = Self.unique(groups) }
    }
    /// The `subscription` attribute (§2.1.2.5); `remove` only in a push
    /// announcing a deletion.
    public var subscription: RosterItemSubscription
    /// `ask='subscribe'` (§2.1.2.2): the user's request to the contact is
    /// pending ("Pending Out").
    public var ask: Bool
    /// `approved='true'` (§2.1.2.1): a subscription pre-approval. xmpplab
    /// does not grant pre-approvals, so its server leaves this `false`.
    public var approved: Bool

    /// A roster item for `jid`, reduced to its bare JID.
    public init(
        jid: JID,
        name: String? = nil,
        groups: [String] = [],
        subscription: RosterItemSubscription = .none,
        ask: Bool = false,
        approved: Bool = false
    ) {
        self.jid = jid.bare
        self.name = name
        self.groups = Self.unique(groups)
        self.subscription = subscription
        self.ask = ask
        self.approved = approved
    }

    /// The item showing `state`: its subscription and its `ask` flag (the
    /// pending-in sub-state does not show in a roster item).
    public init(jid: JID, name: String? = nil, groups: [String] = [], state: SubscriptionState) {
        self.init(
            jid: jid,
            name: name,
            groups: groups,
            subscription: RosterItemSubscription(state.subscription),
            ask: state.ask
        )
    }

    /// The item that a roster push announcing the removal of `jid` carries
    /// (`subscription='remove'`, RFC 6121 §2.5.2).
    public static func removal(of jid: JID) -> RosterItem {
        RosterItem(jid: jid, subscription: .remove)
    }

    /// This item with the name and groups of `update`, the rest (the
    /// subscription state the server keeps) unchanged: how a roster set
    /// updates a stored item (RFC 6121 §2.4).
    public func applying(nameAndGroupsOf update: RosterItem) -> RosterItem {
        var result = self
        result.name = update.name
        result.groups = update.groups
        return result
    }

    static func unique(_ groups: [String]) -> [String] {
        var seen = Set<String>()
        return groups.filter { seen.insert($0).inserted }
    }
}
