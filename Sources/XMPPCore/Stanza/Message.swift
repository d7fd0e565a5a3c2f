/// A `<message/>` stanza (RFC 6120 §8.2.1, RFC 6121 §5): push, no reply
/// expected.
public struct Message: Stanza {
    public static let elementName = "message"
    public var element: XMLElement

    public init?(_ element: XMLElement) {
        guard Self.accepts(element) else { return nil }
        self.element = element
    }

    /// A new message. Attributes are written in parameter order (`type` is
    /// always written, even `normal`); `body` becomes a `<body/>` without
    /// `xml:lang`, in the stanza's language `lang`.
    public init(
        type: MessageType = .normal,
        to: JID? = nil,
        from: JID? = nil,
        id: String? = nil,
        body: String? = nil,
        lang: String? = nil,
        namespace: String = XMLNamespace.client
    ) {
        element = .stanzaElement(
            Self.elementName,
            namespace: namespace,
            attributes: ["type": type.rawValue, "to": to?.description, "from": from?.description, "id": id]
        )
        element.lang = lang
        if let body { setBody(body) }
    }
}

/// The message types of RFC 6121 §5.2.2.
public enum MessageType: String, CaseIterable, Sendable {
    case chat
    case error
    case groupchat
    case headline
    case normal
}

extension Message {
    /// The message type; an absent or unknown `type` reads as `normal`
    /// (RFC 6121 §5.2.2). Setting writes the attribute, `normal` included.
    public var type: MessageType {
        get { rawType.flatMap(MessageType.init(rawValue:)) ?? .normal }
        set { rawType = newValue.rawValue }
    }

    // MARK: body (RFC 6121 §5.2.3)

    /// The `<body/>` without `xml:lang` (else the first one). Setting
    /// replaces the `<body/>` without `xml:lang`; `nil` removes it.
    public var body: String? {
        get { localizedText("body", lang: nil) }
        set { setLocalizedText("body", lang: nil, to: newValue) }
    }

    /// The `<body/>` in language `lang` (see `Stanza.localizedText`).
    public func body(lang: String?) -> String? {
        localizedText("body", lang: lang)
    }

    /// Sets (or, with `nil`, removes) the `<body/>` with this `xml:lang`.
    public mutating func setBody(_ body: String?, lang: String? = nil) {
        setLocalizedText("body", lang: lang, to: body)
    }

    /// Every `<body/>`, keyed by `xml:lang` (`nil` for the one without).
    public var bodies: [String?: String] { localizedTexts("body") }

    // MARK: subject (RFC 6121 §5.2.4)

    /// The `<subject/>` without `xml:lang` (else the first one). Setting
    /// replaces the `<subject/>` without `xml:lang`; `nil` removes it.
    public var subject: String? {
        get { localizedText("subject", lang: nil) }
        set { setLocalizedText("subject", lang: nil, to: newValue) }
    }

    /// The `<subject/>` in language `lang` (see `Stanza.localizedText`).
    public func subject(lang: String?) -> String? {
        localizedText("subject", lang: lang)
    }

    /// Sets (or, with `nil`, removes) the `<subject/>` with this `xml:lang`.
    public mutating func setSubject(_ subject: String?, lang: String? = nil) {
        setLocalizedText("subject", lang: lang, to: subject)
    }

    /// Every `<subject/>`, keyed by `xml:lang` (`nil` for the one without).
    public var subjects: [String?: String] { localizedTexts("subject") }

    // MARK: thread (RFC 6121 §5.2.5)

    /// The `<thread/>` identifier. Setting keeps the `parent` attribute;
    /// `nil` removes the element.
    public var thread: String? {
        get { stanzaChildren("thread").first?.text }
        set { setSingleChildText("thread", to: newValue) }
    }

    /// The `parent` attribute of `<thread/>`: the thread this one was
    /// spawned from. Setting without a `<thread/>` does nothing.
    public var threadParent: String? {
        get { stanzaChildren("thread").first?[attribute: "parent"] }
        set {
            let namespace = element.namespace
            guard let index = element.children.firstIndex(where: {
                if case .element(let child) = $0 { return child.name == "thread" && child.namespace == namespace }
                return false
            }), case .element(var thread) = element.children[index] else { return }
            thread[attribute: "parent"] = newValue
            element.children[index] = .element(thread)
        }
    }

    /// Sets `<thread/>` and its `parent` at once (`nil` thread removes it).
    public mutating func setThread(_ thread: String?, parent: String? = nil) {
        self.thread = thread
        threadParent = parent
    }
}
