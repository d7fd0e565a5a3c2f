/// An `<iq/>` stanza (RFC 6120 §8.2.3): request–response.
///
/// The view requires a defined `type` (so `type` is total) but not the rest
/// of §8.2.3's rules: an element that breaks them still needs an answer, so
/// `IQ.validate(_:)` reports them as `bad-request` instead.
public struct IQ: Stanza {
    public static let elementName = "iq"
    public var element: XMLElement

    /// `nil` unless `element` is an `<iq/>` in a stanza namespace with one of
    /// the four defined `type` values. Use `IQ.validate(_:)` for the rest.
    public init?(_ element: XMLElement) {
        guard Self.accepts(element),
            element[attribute: "type"].flatMap(IQType.init(rawValue:)) != nil
        else { return nil }
        self.element = element
    }

    /// A new IQ. `id` is required by RFC 6120 §8.2.3. Attributes are written
    /// in parameter order.
    public init(
        type: IQType,
        to: JID? = nil,
        from: JID? = nil,
        id: String,
        payload: XMLElement? = nil,
        namespace: String = XMLNamespace.client
    ) {
        element = .stanzaElement(
            Self.elementName,
            namespace: namespace,
            attributes: ["type": type.rawValue, "to": to?.description, "from": from?.description, "id": id]
        )
        if let payload { element.append(payload) }
    }
}

/// The IQ types of RFC 6120 §8.2.3.
public enum IQType: String, CaseIterable, Sendable {
    case get
    case set
    case result
    case error

    /// `get` and `set` are requests; `result` and `error` are responses.
    public var isRequest: Bool { self == .get || self == .set }
}

extension IQ {
    /// The IQ type: always one of the four, since `init?(_:)` checks it (if
    /// `element` is later edited to an undefined type, this reads `error`).
    public var type: IQType {
        get { rawType.flatMap(IQType.init(rawValue:)) ?? .error }
        set { rawType = newValue.rawValue }
    }

    /// The payload: the first child element that is not the stanza's
    /// `<error/>` — the single child of a `get`/`set`, the optional child of
    /// a `result`, and for an `error` the original request's child if it was
    /// echoed. Setting replaces every such child (keeping `<error/>`, after
    /// which nothing else goes); `nil` removes them.
    public var payload: XMLElement? {
        get { payloadElements.first }
        set {
            let namespace = element.namespace
            element.children.removeAll {
                if case .element(let child) = $0 { return !Self.isError(child, in: namespace) }
                return false
            }
            guard let newValue else { return }
            let errorIndex = element.children.firstIndex {
                if case .element(let child) = $0 { return Self.isError(child, in: namespace) }
                return false
            }
            element.children.insert(.element(newValue), at: errorIndex ?? element.children.endIndex)
        }
    }

    /// Child elements other than the stanza's `<error/>`.
    var payloadElements: [XMLElement] {
        element.elements.filter { !Self.isError($0, in: element.namespace) }
    }

    private static func isError(_ child: XMLElement, in namespace: String?) -> Bool {
        child.name == "error" && child.namespace == namespace
    }
}

extension IQ {
    /// The `bad-request` RFC 6120 §8.2.3 calls for, or `nil` when `element`
    /// is a well-formed IQ:
    /// - not an `<iq/>` in a stanza namespace;
    /// - `id` missing (§8.2.3 rule 1);
    /// - `type` missing or not get/set/result/error (rule 2);
    /// - `get` or `set` without exactly one child element (rule 4);
    /// - `result` with more than one child element (rule 5);
    /// - `error` without an `<error/>` child (rule 6).
    ///
    /// Never answer an IQ of type `error` with an error (RFC 6120 §8.3.1),
    /// whatever this says.
    public static func validate(_ element: XMLElement) -> StanzaError? {
        guard accepts(element) else {
            return StanzaError(.badRequest, text: "not an iq stanza")
        }
        guard let id = element[attribute: "id"], !id.isEmpty else {
            return StanzaError(.badRequest, text: "iq without id")
        }
        guard let rawType = element[attribute: "type"] else {
            return StanzaError(.badRequest, text: "iq without type")
        }
        guard let type = IQType(rawValue: rawType), let iq = IQ(element) else {
            return StanzaError(.badRequest, text: "unknown iq type '\(rawType)'")
        }
        let children = element.elements.count
        switch type {
        case .get, .set:
            if children != 1 {
                return StanzaError(.badRequest, text: "iq of type '\(rawType)' must have exactly one child element, not \(children)")
            }
        case .result:
            if children > 1 {
                return StanzaError(.badRequest, text: "iq of type 'result' must have at most one child element, not \(children)")
            }
        case .error:
            if iq.error == nil {
                return StanzaError(.badRequest, text: "iq of type 'error' without <error/>")
            }
        }
        return nil
    }
}
