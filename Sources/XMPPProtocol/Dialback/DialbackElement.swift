import XMPPCore

/// `<db:result/>` and `<db:verify/>` (XEP-0220 §2.1–§2.2, schema §6), in the
/// `jabber:server:dialback` namespace. Domains are prepared domainparts.
///
/// A request carries a key and no 'type'; an answer carries 'type' `valid`,
/// `invalid` or `error` (the last with a stanza error condition, §2.5).
public struct DialbackElement: Hashable, Sendable {
    public enum Name: String, Sendable {
        /// Initiating Server ↔ Receiving Server (steps 1 and 4).
        case result
        /// Receiving Server ↔ Authoritative Server (steps 2 and 3).
        case verify
    }

    /// What the element says: the key of a request, or the verdict of an answer.
    public enum Content: Hashable, Sendable {
        /// A request: the dialback key as character data, no 'type'.
        case key(DialbackKey)
        /// `type='valid'`.
        case valid
        /// `type='invalid'`.
        case invalid
        /// `type='error'` with its `<error/>` child (§2.5).
        case error(StanzaError)
    }

    public var name: Name
    public var from: String
    public var to: String
    /// The stream id a `<db:verify/>` refers to (required there, absent on `<db:result/>`).
    public var id: String?
    public var content: Content

    public init(name: Name, from: String, to: String, id: String? = nil, content: Content) {
        self.name = name
        self.from = from
        self.to = to
        self.id = id
        self.content = content
    }

    public static func result(from: String, to: String, _ content: Content) -> DialbackElement {
        DialbackElement(name: .result, from: from, to: to, content: content)
    }

    public static func verify(from: String, to: String, id: String, _ content: Content) -> DialbackElement {
        DialbackElement(name: .verify, from: from, to: to, id: id, content: content)
    }

    /// The key of a request; `nil` on an answer.
    public var key: DialbackKey? {
        if case .key(let key) = content { return key }
        return nil
    }

    public var isRequest: Bool { key != nil }

    /// The answer to this request with 'from' and 'to' swapped and 'id' kept
    /// (§2.2.1, §2.2.2).
    public func answer(_ content: Content) -> DialbackElement {
        DialbackElement(name: name, from: to, to: from, id: id, content: content)
    }

    /// The wire form. The `<error/>` child is in `jabber:server`, the content
    /// namespace of the stream (§2.5: "implicitly qualified by 'jabber:server'").
    public var element: XMLElement {
        var element = XMLElement(name: name.rawValue, namespace: XMLNamespace.dialback)
        element[attribute: "from"] = from
        element[attribute: "to"] = to
        element[attribute: "id"] = id
        switch content {
        case .key(let key):
            element.append(text: key.value)
        case .valid:
            element[attribute: "type"] = "valid"
        case .invalid:
            element[attribute: "type"] = "invalid"
        case .error(let error):
            element[attribute: "type"] = "error"
            element.append(error.element(namespace: XMLNamespace.server))
        }
        return element
    }
}
