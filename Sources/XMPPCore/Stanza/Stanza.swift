/// A typed view over one of the three XML stanzas of RFC 6120 §8
/// (`Message`, `Presence`, `IQ`). The view wraps the element and reads or
/// writes it in place: nothing is copied out, so unknown attributes and
/// extension payloads survive untouched.
///
/// The common attributes of RFC 6120 §8.1 (`to`, `from`, `id`, `type`,
/// `xml:lang`) and the stanza's `<error/>` child (§8.3) come as default
/// implementations.
public protocol Stanza: Hashable, Sendable, CustomStringConvertible {
    /// `message`, `presence` or `iq`.
    static var elementName: String { get }
    /// The wrapped element.
    var element: XMLElement { get set }
    /// The view of `element`, or `nil` when `element` is not a stanza of this
    /// kind in `jabber:client` or `jabber:server`.
    init?(_ element: XMLElement)
}

/// The stanza namespaces of RFC 6120 §4.8.3 (client-to-server and
/// server-to-server streams).
public enum StanzaNamespace {
    public static let all: Set<String> = [XMLNamespace.client, XMLNamespace.server]

    public static func contains(_ namespace: String?) -> Bool {
        guard let namespace else { return false }
        return all.contains(namespace)
    }
}

extension Stanza {
    /// Whether `element` has this stanza kind's name and a stanza namespace.
    public static func accepts(_ element: XMLElement) -> Bool {
        element.name == elementName && StanzaNamespace.contains(element.namespace)
    }

    /// `to` exactly as written (RFC 6120 §8.1.1).
    public var rawTo: String? {
        get { element[attribute: "to"] }
        set { element[attribute: "to"] = newValue }
    }

    /// `from` exactly as written (RFC 6120 §8.1.2).
    public var rawFrom: String? {
        get { element[attribute: "from"] }
        set { element[attribute: "from"] = newValue }
    }

    /// `to` as a JID; `nil` when absent or not a valid JID (use `rawTo` to
    /// tell the two apart).
    public var to: JID? {
        get { rawTo.flatMap { try? JID($0) } }
        set { rawTo = newValue?.description }
    }

    /// `from` as a JID; `nil` when absent or not a valid JID (use `rawFrom`
    /// to tell the two apart).
    public var from: JID? {
        get { rawFrom.flatMap { try? JID($0) } }
        set { rawFrom = newValue?.description }
    }

    /// `id` (RFC 6120 §8.1.3).
    public var id: String? {
        get { element[attribute: "id"] }
        set { element[attribute: "id"] = newValue }
    }

    /// `type` exactly as written (RFC 6120 §8.1.4); the stanza kinds offer
    /// a typed `type`.
    public var rawType: String? {
        get { element[attribute: "type"] }
        set { element[attribute: "type"] = newValue }
    }

    /// `xml:lang` of the stanza itself (RFC 6120 §8.1.5), not inherited from
    /// the stream.
    public var lang: String? {
        get { element.lang }
        set { element.lang = newValue }
    }

    /// The stanza's `<error/>` child (RFC 6120 §8.3), parsed; `nil` when
    /// absent or without a condition. Setting replaces every `<error/>`
    /// child (`nil` removes them); it does not change `type`.
    public var error: StanzaError? {
        get {
            element.child("error", namespace: element.namespace).flatMap(StanzaError.init(element:))
        }
        set {
            element.removeChildren("error", namespace: element.namespace)
            if let newValue {
                element.append(newValue.element(namespace: element.namespace ?? XMLNamespace.client))
            }
        }
    }

    public var description: String { element.description }
}

// MARK: - Shared helpers for the stanza kinds

extension XMLElement {
    /// A new stanza element with the given attributes, in order, skipping
    /// the `nil` ones.
    static func stanzaElement(
        _ name: String,
        namespace: String,
        attributes: KeyValuePairs<String, String?>
    ) -> XMLElement {
        var element = XMLElement(name: name, namespace: namespace)
        for case let (attribute, value?) in attributes {
            element[attribute: attribute] = value
        }
        return element
    }
}

extension Stanza {
    /// Children named `name` in the stanza's namespace.
    func stanzaChildren(_ name: String) -> [XMLElement] {
        element.elements.filter { $0.name == name && $0.namespace == element.namespace }
    }

    /// The text of a human-readable child such as `<body/>`, `<subject/>` or
    /// `<status/>` (RFC 6121 §5.2.3, §5.2.4, §4.7.2.2), which may appear once
    /// per `xml:lang`:
    /// - `lang == nil`: the child without `xml:lang` (it is in the stanza's
    ///   language), else the first one;
    /// - otherwise: the child whose `xml:lang` matches (case-insensitively,
    ///   as BCP 47 tags do), or the one without `xml:lang` when the stanza's
    ///   own `xml:lang` matches.
    func localizedText(_ name: String, lang: String?) -> String? {
        let candidates = stanzaChildren(name)
        guard let lang else {
            return (candidates.first { $0.lang == nil } ?? candidates.first)?.text
        }
        let wanted = lang.lowercased()
        if let match = candidates.first(where: { $0.lang?.lowercased() == wanted }) {
            return match.text
        }
        if element.lang?.lowercased() == wanted {
            return candidates.first { $0.lang == nil }?.text
        }
        return nil
    }

    /// Every text of a human-readable child, keyed by its `xml:lang` (`nil`
    /// for the child without one). The first child of a language wins.
    func localizedTexts(_ name: String) -> [String?: String] {
        var result: [String?: String] = [:]
        for child in stanzaChildren(name) where result[child.lang] == nil {
            result[child.lang] = child.text
        }
        return result
    }

    /// Sets the child `name` with this `xml:lang` (`nil`: without one),
    /// replacing it in place when present; `nil` text removes it.
    mutating func setLocalizedText(_ name: String, lang: String?, to text: String?) {
        let namespace = element.namespace
        let index = element.children.firstIndex {
            if case .element(let child) = $0 {
                return child.name == name && child.namespace == namespace && child.lang == lang
            }
            return false
        }
        guard let text else {
            if let index { element.children.remove(at: index) }
            return
        }
        var child = XMLElement(name: name, namespace: namespace, text: text)
        child.lang = lang
        if let index {
            element.children[index] = .element(child)
        } else {
            element.append(child)
        }
    }

    /// Sets the text of the single child `name` (no `xml:lang`), keeping its
    /// attributes; `nil` removes every such child.
    mutating func setSingleChildText(_ name: String, to text: String?) {
        let namespace = element.namespace
        guard let text else {
            element.removeChildren(name, namespace: namespace)
            return
        }
        if let index = element.children.firstIndex(where: {
            if case .element(let child) = $0 { return child.name == name && child.namespace == namespace }
            return false
        }), case .element(var child) = element.children[index] {
            child.children = text.isEmpty ? [] : [.text(text)]
            element.children[index] = .element(child)
        } else {
            element.append(XMLElement(name: name, namespace: namespace, text: text))
        }
    }
}
