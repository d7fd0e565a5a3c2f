import XMPPCore

/// A view of `<query xmlns='jabber:iq:roster' ver='…'/>`, the payload of
/// roster gets, results, sets and pushes (RFC 6121 §2.1).
public struct RosterQuery: Hashable, Sendable {
    public var element: XMLElement

    /// `nil` unless `element` is a `<query/>` in `jabber:iq:roster`.
    public init?(_ element: XMLElement) {
        guard element.name == "query", element.namespace == XMLNamespace.roster else { return nil }
        self.element = element
    }

    /// A query holding `items`, with `ver` when `version` is given (RFC 6121
    /// §2.6; the empty string is a valid version, meaning "none yet").
    public init(items: [RosterItem] = [], version: String? = nil) {
        element = XMLElement(name: "query", namespace: XMLNamespace.roster)
        element[attribute: "ver"] = version
        for item in items { element.append(item.element) }
    }

    /// The `ver` attribute (RFC 6121 §2.6.2), `nil` when absent.
    public var version: String? {
        get { element[attribute: "ver"] }
        set { element[attribute: "ver"] = newValue }
    }

    /// The `<item/>` children, as written.
    public var itemElements: [XMLElement] {
        element.children("item", namespace: XMLNamespace.roster)
    }

    /// The items that read as roster items (see `RosterItem(element:)`);
    /// others are skipped.
    public var items: [RosterItem] {
        itemElements.compactMap(RosterItem.init(element:))
    }
}
