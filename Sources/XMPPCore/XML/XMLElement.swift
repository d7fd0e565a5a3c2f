/// An XML element, namespace-aware: every element and attribute is identified
/// by its namespace URI and local name, never by a prefix. Prefixes are a
/// detail of the wire form; the serializer chooses them.
public struct XMLElement: Sendable {
    /// Local name, e.g. `message`.
    public var name: String
    /// Namespace URI (`jabber:client`, …); `nil` for no namespace.
    public var namespace: String?
    /// Attributes in document order. Namespace declarations (`xmlns`,
    /// `xmlns:p`) are not attributes: they follow from the namespaces.
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]

    public init(
        name: String,
        namespace: String? = nil,
        attributes: [XMLAttribute] = [],
        children: [XMLNode] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
    }
}

public struct XMLAttribute: Hashable, Sendable {
    public var name: String
    /// Namespace URI of a prefixed attribute (`xml:lang` has
    /// `XMLNamespace.xml`); `nil` for the usual unprefixed attribute.
    public var namespace: String?
    public var value: String

    public init(name: String, namespace: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }
}

public enum XMLNode: Hashable, Sendable {
    case element(XMLElement)
    case text(String)
}

// MARK: - Attributes

extension XMLElement {
    /// The value of the unprefixed attribute `name`, or of `name` in
    /// `namespace`. Setting `nil` removes it.
    public subscript(attribute name: String, namespace namespace: String? = nil) -> String? {
        get {
            for attribute in attributes where attribute.name == name && attribute.namespace == namespace {
                return attribute.value
            }
            return nil
        }
        set {
            if let index = attributes.firstIndex(where: { $0.name == name && $0.namespace == namespace }) {
                if let newValue {
                    attributes[index].value = newValue
                } else {
                    attributes.remove(at: index)
                }
            } else if let newValue {
                attributes.append(XMLAttribute(name: name, namespace: namespace, value: newValue))
            }
        }
    }

    /// `xml:lang` of this element (not inherited).
    public var lang: String? {
        get { self[attribute: "lang", namespace: XMLNamespace.xml] }
        set { self[attribute: "lang", namespace: XMLNamespace.xml] = newValue }
    }
}

// MARK: - Children

extension XMLElement {
    /// Child elements, in order, skipping text.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The first child element with this name (and namespace, if given).
    public func child(_ name: String, namespace: String? = nil) -> XMLElement? {
        for case .element(let element) in children
        where element.name == name && (namespace == nil || element.namespace == namespace) {
            return element
        }
        return nil
    }

    /// All child elements with this name (and namespace, if given).
    public func children(_ name: String, namespace: String? = nil) -> [XMLElement] {
        elements.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The concatenated character data directly inside this element.
    public var text: String {
        var result = ""
        for case .text(let text) in children { result += text }
        return result
    }

    public mutating func append(_ element: XMLElement) {
        children.append(.element(element))
    }

    /// Appends character data, merging it with a preceding text node.
    public mutating func append(text: String) {
        guard !text.isEmpty else { return }
        if case .text(let previous)? = children.last {
            children[children.count - 1] = .text(previous + text)
        } else {
            children.append(.text(text))
        }
    }

    /// Removes every child element with this name and namespace.
    public mutating func removeChildren(_ name: String, namespace: String? = nil) {
        children.removeAll {
            if case .element(let element) = $0 {
                return element.name == name && (namespace == nil || element.namespace == namespace)
            }
            return false
        }
    }

    /// Convenience: `<name xmlns=namespace>text</name>`.
    public init(name: String, namespace: String? = nil, text: String) {
        self.init(name: name, namespace: namespace, children: text.isEmpty ? [] : [.text(text)])
    }
}

extension XMLElement {
    /// This element with every element in namespace `old` (itself and its
    /// descendants) moved to `new`: a stanza crossing from a c2s stream
    /// (`jabber:client`) to an s2s stream (`jabber:server`) or back keeps
    /// `<body/>`, `<error/>` and the like in the stanza's namespace (RFC 6120 §4.8.3).
    public func replacingNamespace(_ old: String, with new: String) -> XMLElement {
        var copy = self
        if copy.namespace == old { copy.namespace = new }
        for index in copy.children.indices {
            if case .element(let child) = copy.children[index] {
                copy.children[index] = .element(child.replacingNamespace(old, with: new))
            }
        }
        return copy
    }
}
