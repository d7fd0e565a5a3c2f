import XMPPCore

/// The roster push (RFC 6121 §2.1.6): an IQ `set` carrying one changed item,
/// which the server sends to each interested resource of the user (one that
/// has requested the roster, §2.2) after every change to the roster.
public enum RosterPush {
    /// The push of `item` to the interested resource `to` (a full JID), with
    /// the stanza `id` the server picks and, with roster versioning, the
    /// roster's new `version` (§2.6.3). `from` is absent by default: a push
    /// comes from the user's own account (§2.1.6 lets the server omit it or
    /// use the user's bare JID; a client must ignore any other).
    public static func iq(
        item: RosterItem,
        to: JID,
        id: String,
        version: String? = nil,
        from: JID? = nil
    ) -> IQ {
        IQ(type: .set, to: to, from: from, id: id, payload: RosterQuery(items: [item], version: version).element)
    }
}
