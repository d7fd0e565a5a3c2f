import XMPPCore

extension RosterItem {
    /// Reads an `<item/>` in `jabber:iq:roster`, leniently, as a client reads
    /// a roster result or push: `nil` unless it has a `jid` that is a valid
    /// bare JID; an unknown `subscription` reads as `none`; `ask` is set by
    /// `ask='subscribe'`, `approved` by `true` or `1`; duplicate or empty
    /// `<group/>`s are kept once. (`RosterSet(validating:)` is the strict
    /// reading of a client's roster set.)
    public init?(element: XMLElement) {
        guard element.name == "item", element.namespace == XMLNamespace.roster,
            let rawJID = element[attribute: "jid"], let jid = try? JID(rawJID), jid.isBare
        else { return nil }
        self.init(
            jid: jid,
            name: element[attribute: "name"],
            groups: element.children("group", namespace: XMLNamespace.roster).map(\.text),
            subscription: element[attribute: "subscription"].flatMap(RosterItemSubscription.init(rawValue:)) ?? .none,
            ask: element[attribute: "ask"] == "subscribe",
            approved: element[attribute: "approved"] == "true" || element[attribute: "approved"] == "1"
        )
    }

    /// `<item jid='…' name='…' subscription='…' ask='subscribe'
    /// approved='true'><group>…</group></item>` in `jabber:iq:roster`;
    /// `name` when present, `subscription` always, `ask` and `approved` only
    /// when set.
    public var element: XMLElement {
        var item = XMLElement(name: "item", namespace: XMLNamespace.roster)
        item[attribute: "jid"] = jid.description
        item[attribute: "name"] = name
        item[attribute: "subscription"] = subscription.rawValue
        if ask { item[attribute: "ask"] = "subscribe" }
        if approved { item[attribute: "approved"] = "true" }
        for group in groups {
            item.append(XMLElement(name: "group", namespace: XMLNamespace.roster, text: group))
        }
        return item
    }
}
