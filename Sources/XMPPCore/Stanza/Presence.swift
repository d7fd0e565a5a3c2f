/// A `<presence/>` stanza (RFC 6120 §8.2.2, RFC 6121 §4.7): availability
/// broadcast and subscription management.
///
/// The view accepts any `<presence/>`, even one with an unknown `type` or a
/// malformed `<priority/>`, so that the receiver can still answer it with
/// an error: `Presence.validate(_:)` reports what RFC 6121 says deserves a
/// `bad-request`, and the typed accessors stay total (`type` is
/// `.invalid(…)`, `show` is `nil`, `priority` is 0).
public struct Presence: Stanza {
    public static let elementName = "presence"
    public var element: XMLElement

    public init?(_ element: XMLElement) {
        guard Self.accepts(element) else { return nil }
        self.element = element
    }

    /// A new presence; `type == nil` is available presence. Attributes are
    /// written in parameter order; children in the order `<show/>`,
    /// `<status/>` (no `xml:lang`), `<priority/>`.
    public init(
        type: PresenceType? = nil,
        to: JID? = nil,
        from: JID? = nil,
        id: String? = nil,
        show: PresenceShow? = nil,
        status: String? = nil,
        priority: Int8? = nil,
        namespace: String = XMLNamespace.client
    ) {
        element = .stanzaElement(
            Self.elementName,
            namespace: namespace,
            attributes: ["type": type?.rawValue, "to": to?.description, "from": from?.description, "id": id]
        )
        if let show { element.append(XMLElement(name: "show", namespace: namespace, text: show.rawValue)) }
        if let status { element.append(XMLElement(name: "status", namespace: namespace, text: status)) }
        if let priority { element.append(XMLElement(name: "priority", namespace: namespace, text: String(priority))) }
    }
}

/// The values of a presence `type` attribute (RFC 6121 §4.7.1). No `type`
/// at all means available, so `Presence.type` is `nil` then; any other
/// value is `.invalid(value)`, which RFC 6121 §4.7.1 says deserves a
/// `bad-request` error.
public enum PresenceType: Hashable, Sendable, RawRepresentable {
    case unavailable
    case subscribe
    case subscribed
    case unsubscribe
    case unsubscribed
    case probe
    case error
    /// A value RFC 6121 does not define (including `available`).
    case invalid(String)

    /// The seven values RFC 6121 §4.7.1 defines.
    public static let defined: [PresenceType] = [
        .unavailable, .subscribe, .subscribed, .unsubscribe, .unsubscribed, .probe, .error,
    ]

    /// Never fails: an undefined value becomes `.invalid(rawValue)`.
    public init(rawValue: String) {
        switch rawValue {
        case "unavailable": self = .unavailable
        case "subscribe": self = .subscribe
        case "subscribed": self = .subscribed
        case "unsubscribe": self = .unsubscribe
        case "unsubscribed": self = .unsubscribed
        case "probe": self = .probe
        case "error": self = .error
        default: self = .invalid(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .unavailable: "unavailable"
        case .subscribe: "subscribe"
        case .subscribed: "subscribed"
        case .unsubscribe: "unsubscribe"
        case .unsubscribed: "unsubscribed"
        case .probe: "probe"
        case .error: "error"
        case .invalid(let value): value
        }
    }

    /// Whether this is one of the values RFC 6121 defines.
    public var isValid: Bool {
        if case .invalid = self { return false }
        return true
    }
}

/// The values of `<show/>` (RFC 6121 §4.7.2.1).
public enum PresenceShow: String, CaseIterable, Sendable {
    case away
    case chat
    case dnd
    case xa
}

extension Presence {
    /// `nil` for available presence (no `type`); `.invalid(value)` for an
    /// undefined value. Setting `nil` removes the attribute.
    public var type: PresenceType? {
        get { rawType.map(PresenceType.init(rawValue:)) }
        set { rawType = newValue?.rawValue }
    }

    /// `<show/>`; `nil` when absent or not one of the four defined values
    /// (`validate` reports the latter). Setting `nil` removes it.
    public var show: PresenceShow? {
        get { stanzaChildren("show").first.flatMap { PresenceShow(rawValue: $0.text) } }
        set { setSingleChildText("show", to: newValue?.rawValue) }
    }

    // MARK: status (RFC 6121 §4.7.2.2)

    /// The `<status/>` without `xml:lang` (else the first one). Setting
    /// replaces the `<status/>` without `xml:lang`; `nil` removes it.
    public var status: String? {
        get { localizedText("status", lang: nil) }
        set { setLocalizedText("status", lang: nil, to: newValue) }
    }

    /// The `<status/>` in language `lang` (see `Stanza.localizedText`).
    public func status(lang: String?) -> String? {
        localizedText("status", lang: lang)
    }

    /// Sets (or, with `nil`, removes) the `<status/>` with this `xml:lang`.
    public mutating func setStatus(_ status: String?, lang: String? = nil) {
        setLocalizedText("status", lang: lang, to: status)
    }

    /// Every `<status/>`, keyed by `xml:lang` (`nil` for the one without).
    public var statuses: [String?: String] { localizedTexts("status") }

    // MARK: priority (RFC 6121 §4.7.2.3)

    /// `<priority/>`, an integer from −128 to 127. Absent reads as 0, as
    /// RFC 6121 §4.7.2.3 requires; a malformed or out-of-range value (or
    /// more than one `<priority/>`) also reads as 0 — use
    /// `validatedPriority()` to tell. Setting writes the element (0
    /// included); `nil`-like removal is `removePriority()`.
    public var priority: Int8 {
        get { (try? validatedPriority()) ?? 0 }
        set { setSingleChildText("priority", to: String(newValue)) }
    }

    /// Removes `<priority/>` (which then reads as 0).
    public mutating func removePriority() {
        setSingleChildText("priority", to: nil)
    }

    /// `<priority/>` checked: 0 when absent; throws `bad-request` when the
    /// value is not an integer in −128…127 (surrounding XML whitespace is
    /// allowed, as in the schema's `xs:byte`) or the element appears more
    /// than once.
    public func validatedPriority() throws(StanzaError) -> Int8 {
        let elements = stanzaChildren("priority")
        guard let priority = elements.first else { return 0 }
        guard elements.count == 1 else {
            throw StanzaError(.badRequest, text: "presence has more than one <priority/>")
        }
        guard let value = Int8(Self.trimmingXMLWhitespace(priority.text)) else {
            throw StanzaError(.badRequest, text: "<priority/> must be an integer from -128 to 127")
        }
        return value
    }

    private static func trimmingXMLWhitespace(_ string: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = string.firstIndex(where: { !isSpace($0) }),
            let last = string.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return string[first...last]
    }
}

extension Presence {
    /// The `bad-request` RFC 6121 calls for, or `nil` when `element` is a
    /// well-formed presence: an undefined `type` (§4.7.1), an undefined or
    /// repeated `<show/>` (§4.7.2.1), a malformed or repeated
    /// `<priority/>` (§4.7.2.3), or type `error` without `<error/>`
    /// (RFC 6120 §8.3.1). Never answer a presence of type `error` with an
    /// error, whatever this says.
    public static func validate(_ element: XMLElement) -> StanzaError? {
        guard let presence = Presence(element) else {
            return StanzaError(.badRequest, text: "not a presence stanza")
        }
        if case .invalid(let value)? = presence.type {
            return StanzaError(.badRequest, text: "unknown presence type '\(value)'")
        }
        let shows = presence.stanzaChildren("show")
        if shows.count > 1 {
            return StanzaError(.badRequest, text: "presence has more than one <show/>")
        }
        if let show = shows.first, PresenceShow(rawValue: show.text) == nil {
            return StanzaError(.badRequest, text: "unknown <show/> value '\(show.text)'")
        }
        do {
            _ = try presence.validatedPriority()
        } catch {
            return error
        }
        if presence.type == .error, presence.error == nil {
            return StanzaError(.badRequest, text: "presence of type 'error' without <error/>")
        }
        return nil
    }
}
