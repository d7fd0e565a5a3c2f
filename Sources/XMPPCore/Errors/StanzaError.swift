/// A stanza-level error (RFC 6120 §8.3): the `<error/>` child of a stanza of
/// type `error`. Recoverable: only the stanza fails, the stream stays open.
///
/// Wire form (RFC 6120 §8.3.2), the `<error/>` element itself in the
/// stanza's namespace (`jabber:client` or `jabber:server`):
///
///     <error type='cancel' by='example.net'>
///       <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
///       <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>…</text>
///       <app-condition xmlns='…'/>
///     </error>
public struct StanzaError: Error, Hashable, Sendable {
    /// The defined condition (RFC 6120 §8.3.3).
    public var condition: StanzaErrorCondition
    /// The error type (RFC 6120 §8.3.2), telling the sender what to do next.
    public var type: StanzaErrorType
    /// Human-readable description (the optional `<text/>` element).
    public var text: String?
    /// `xml:lang` of `text`.
    public var lang: String?
    /// The entity that generated the error (the `by` attribute, RFC 6120
    /// §8.3.2), when it is not the stanza's `from`.
    public var by: String?
    /// For `gone` and `redirect` (RFC 6120 §8.3.3.5, §8.3.3.14): the
    /// alternate address (a URI/IRI, typically `xmpp:…`) carried as the
    /// condition element's character data. An empty string is written as
    /// no character data and read back as `nil`.
    public var alternateAddress: String?
    /// An application-specific condition element (RFC 6120 §8.3.2), in a
    /// namespace other than `urn:ietf:params:xml:ns:xmpp-stanzas`.
    public var applicationCondition: XMLElement?

    /// An error with `condition`; `type` defaults to the RFC's recommended
    /// type for the condition (`condition.defaultType`).
    public init(
        _ condition: StanzaErrorCondition,
        type: StanzaErrorType? = nil,
        text: String? = nil,
        lang: String? = nil,
        by: String? = nil,
        alternateAddress: String? = nil,
        applicationCondition: XMLElement? = nil
    ) {
        self.condition = condition
        self.type = type ?? condition.defaultType
        self.text = text
        self.lang = lang
        self.by = by
        self.alternateAddress = alternateAddress
        self.applicationCondition = applicationCondition
    }
}

/// The error types of RFC 6120 §8.3.2.
public enum StanzaErrorType: String, CaseIterable, Sendable {
    /// Retry after providing credentials.
    case auth
    /// Do not retry (the error cannot be remedied).
    case cancel
    /// Proceed (the condition was only a warning).
    case `continue`
    /// Retry after changing the data sent.
    case modify
    /// Retry after waiting (the error is temporary).
    case wait
}

/// The defined stanza error conditions of RFC 6120 §8.3.3, by their names
/// (all 22 of them; `payment-required` of RFC 3920 is gone, and
/// `policy-violation` is new).
public enum StanzaErrorCondition: String, CaseIterable, Sendable {
    case badRequest = "bad-request"
    case conflict = "conflict"
    case featureNotImplemented = "feature-not-implemented"
    case forbidden = "forbidden"
    case gone = "gone"
    case internalServerError = "internal-server-error"
    case itemNotFound = "item-not-found"
    case jidMalformed = "jid-malformed"
    case notAcceptable = "not-acceptable"
    case notAllowed = "not-allowed"
    case notAuthorized = "not-authorized"
    case policyViolation = "policy-violation"
    case recipientUnavailable = "recipient-unavailable"
    case redirect = "redirect"
    case registrationRequired = "registration-required"
    case remoteServerNotFound = "remote-server-not-found"
    case remoteServerTimeout = "remote-server-timeout"
    case resourceConstraint = "resource-constraint"
    case serviceUnavailable = "service-unavailable"
    case subscriptionRequired = "subscription-required"
    case undefinedCondition = "undefined-condition"
    case unexpectedRequest = "unexpected-request"

    /// The error type RFC 6120 §8.3.3 recommends for this condition.
    public var defaultType: StanzaErrorType {
        switch self {
        case .badRequest: .modify  // §8.3.3.1
        case .conflict: .cancel  // §8.3.3.2
        case .featureNotImplemented: .cancel  // §8.3.3.3: "cancel" or "modify"; the first is taken
        case .forbidden: .auth  // §8.3.3.4
        case .gone: .cancel  // §8.3.3.5
        case .internalServerError: .cancel  // §8.3.3.6
        case .itemNotFound: .cancel  // §8.3.3.7
        case .jidMalformed: .modify  // §8.3.3.8
        case .notAcceptable: .modify  // §8.3.3.9
        case .notAllowed: .cancel  // §8.3.3.10
        case .notAuthorized: .auth  // §8.3.3.11
        case .policyViolation: .modify  // §8.3.3.12: "modify" or "wait"; the first is taken
        case .recipientUnavailable: .wait  // §8.3.3.13
        case .redirect: .modify  // §8.3.3.14
        case .registrationRequired: .auth  // §8.3.3.15
        case .remoteServerNotFound: .cancel  // §8.3.3.16
        case .remoteServerTimeout: .wait  // §8.3.3.17
        case .resourceConstraint: .wait  // §8.3.3.18
        case .serviceUnavailable: .cancel  // §8.3.3.19
        case .subscriptionRequired: .auth  // §8.3.3.20
        case .undefinedCondition: .cancel  // §8.3.3.21 allows any type; "cancel" (do not retry) is chosen
        case .unexpectedRequest: .wait  // §8.3.3.22: "wait" or "modify"; the first is taken
        }
    }

    /// Whether the condition element may carry an alternate address as
    /// character data (`gone`, `redirect`).
    public var carriesAlternateAddress: Bool {
        self == .gone || self == .redirect
    }
}

extension StanzaError {
    /// The `<error/>` element in the `jabber:client` namespace.
    public var element: XMLElement {
        element(namespace: XMLNamespace.client)
    }

    /// The `<error/>` element in `namespace`, the namespace of the stanza it
    /// goes into (`jabber:client`, `jabber:server`, …). Children come in
    /// the order of RFC 6120 §8.3.2: condition, text, application condition.
    public func element(namespace: String) -> XMLElement {
        var error = XMLElement(name: "error", namespace: namespace)
        error[attribute: "type"] = type.rawValue
        error[attribute: "by"] = by
        var conditionElement = XMLElement(name: condition.rawValue, namespace: XMLNamespace.stanzaErrors)
        if condition.carriesAlternateAddress, let alternateAddress {
            conditionElement.append(text: alternateAddress)
        }
        error.append(conditionElement)
        if let text {
            var textElement = XMLElement(name: "text", namespace: XMLNamespace.stanzaErrors, text: text)
            textElement.lang = lang
            error.append(textElement)
        }
        if let applicationCondition { error.append(applicationCondition) }
        return error
    }

    /// Reads an `<error/>` element of a stanza (any namespace but the
    /// streams one, since stanzas travel in `jabber:client`,
    /// `jabber:server` and component namespaces). `nil` without a condition
    /// element. An unknown condition name is read as `undefined-condition`;
    /// a missing or unknown `type` as the condition's `defaultType`. The
    /// legacy `code` attribute is ignored. The first `<text/>` and the first
    /// foreign child win.
    public init?(element: XMLElement) {
        guard element.name == "error", element.namespace != XMLNamespace.streams else { return nil }
        var condition: StanzaErrorCondition?
        var address: String?
        for child in element.elements {
            if child.namespace == XMLNamespace.stanzaErrors {
                if child.name == "text" {
                    if text == nil {
                        text = child.text
                        lang = child.lang
                    }
                } else if condition == nil {
                    let parsed = StanzaErrorCondition(rawValue: child.name) ?? .undefinedCondition
                    condition = parsed
                    if parsed.carriesAlternateAddress, !child.text.isEmpty { address = child.text }
                }
            } else if applicationCondition == nil {
                applicationCondition = child
            }
        }
        guard let condition else { return nil }
        self.condition = condition
        self.alternateAddress = address
        self.type = element[attribute: "type"].flatMap(StanzaErrorType.init(rawValue:)) ?? condition.defaultType
        self.by = element[attribute: "by"]
    }
}

extension StanzaError: CustomStringConvertible {
    public var description: String {
        var result = "stanza error \(condition.rawValue) (\(type.rawValue))"
        if let alternateAddress { result += " → \(alternateAddress)" }
        if let by { result += " by \(by)" }
        if let text { result += ": \(text)" }
        return result
    }
}
