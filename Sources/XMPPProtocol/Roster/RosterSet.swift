import XMPPCore

/// A client's roster set (RFC 6121 §2.3–§2.5), validated: what the server
/// stores, or the stanza error it answers with.
public enum RosterSet: Hashable, Sendable {
    /// Add the item or update its name and groups (§2.3, §2.4). The item
    /// carries only what the client may set: its `subscription` is `none`
    /// and `ask` and `approved` are `false`, whatever the client wrote; the
    /// server keeps the subscription state it already has
    /// (`stored.applying(nameAndGroupsOf:)`) or starts a new item in "None".
    case update(RosterItem)
    /// Delete the item with this bare JID (`subscription='remove'`, §2.5).
    /// Answering `item-not-found` when there is no such item (§2.5.3) is the
    /// server's business: this value does not know the roster.
    case remove(JID)
}

extension RosterSet {
    /// Validates the `<query/>` of a roster set (RFC 6121 §2.1.2, §2.3.3):
    ///
    /// - `bad-request`: not a `jabber:iq:roster` query; not exactly one
    ///   `<item/>` (§2.3.3 names "more than one"; none is no set at all);
    ///   an `<item/>` without `jid`, or whose `jid` is a full JID (roster
    ///   items are bare JIDs, §2.1.2.3); two `<group/>`s with the same
    ///   character data (§2.3.3);
    /// - `jid-malformed`: a `jid` that is not a valid JID (RFC 6120
    ///   §8.3.3.8);
    /// - `not-acceptable`: a `name` or a `<group/>` longer than `limits`, or
    ///   an empty `<group/>` (§2.3.3).
    ///
    /// The `subscription` attribute only counts when it is `remove`; any
    /// other value is ignored (§2.1.2.5). `ask` and `approved` are ignored:
    /// a client must not include them (§2.1.2.2, §2.1.2.1), and only the
    /// server changes them. A removal is validated like any other set.
    public init(validating query: XMLElement, limits: RosterLimits = RosterLimits()) throws(StanzaError) {
        guard RosterQuery(query) != nil else {
            throw StanzaError(.badRequest, text: "roster set without a jabber:iq:roster query")
        }
        let items = query.children("item", namespace: XMLNamespace.roster)
        guard items.count == 1, let item = items.first else {
            throw StanzaError(.badRequest, text: "a roster set carries exactly one item, not \(items.count)")
        }
        guard let rawJID = item[attribute: "jid"] else {
            throw StanzaError(.badRequest, text: "roster item without jid")
        }
        let jid: JID
        do {
            jid = try JID(rawJID)
        } catch {
            throw StanzaError(.jidMalformed, text: "roster item jid: \(error)")
        }
        guard jid.isBare else {
            throw StanzaError(.badRequest, text: "roster item jid '\(jid)' is not a bare JID")
        }
        let groups = item.children("group", namespace: XMLNamespace.roster).map(\.text)
        if let duplicate = Self.firstDuplicate(in: groups) {
            throw StanzaError(.badRequest, text: "duplicate group '\(duplicate)'")
        }
        let name = item[attribute: "name"]
        if let name, name.utf8.count > limits.maximumNameBytes {
            throw StanzaError(.notAcceptable, text: "name longer than \(limits.maximumNameBytes) bytes")
        }
        for group in groups {
            if group.isEmpty {
                throw StanzaError(.notAcceptable, text: "empty group name")
            }
            if group.utf8.count > limits.maximumGroupBytes {
                throw StanzaError(.notAcceptable, text: "group name longer than \(limits.maximumGroupBytes) bytes")
            }
        }
        if item[attribute: "subscription"] == RosterItemSubscription.remove.rawValue {
            self = .remove(jid)
        } else {
            self = .update(RosterItem(jid: jid, name: name, groups: groups))
        }
    }

    /// Validates a whole roster set IQ that `account` (the sender's JID, as
    /// the server knows it) sent: `forbidden` when it has a `to` other than
    /// the account's own JID, i.e. targets a roster the sender is not
    /// authorized to update (§2.3.3); `bad-request` when it is not a `set`
    /// with a roster query; then the checks of `init(validating:limits:)`.
    public init(validating iq: IQ, account: JID, limits: RosterLimits = RosterLimits()) throws(StanzaError) {
        if let to = iq.rawTo {
            guard let target = try? JID(to), target.bare == account.bare else {
                throw StanzaError(.forbidden, text: "only the account itself may update its roster")
            }
        }
        guard iq.type == .set else {
            throw StanzaError(.badRequest, text: "a roster set is an IQ of type set, not \(iq.type.rawValue)")
        }
        guard let payload = iq.payload else {
            throw StanzaError(.badRequest, text: "roster set without payload")
        }
        try self.init(validating: payload, limits: limits)
    }

    private static func firstDuplicate(in groups: [String]) -> String? {
        var seen = Set<String>()
        return groups.first { !seen.insert($0).inserted }
    }
}
