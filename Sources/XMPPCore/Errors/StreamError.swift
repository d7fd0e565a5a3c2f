/// A stream-level error (RFC 6120 §4.9): `<stream:error>` with one defined
/// condition, optional human-readable text and an optional
/// application-specific condition element. Unrecoverable: the stream closes.
public struct StreamError: Error, Hashable, Sendable {
    public var condition: StreamErrorCondition
    public var text: String?
    /// `xml:lang` of `text`.
    public var lang: String?
    /// For `see-other-host`: the alternate host (domain, IPv4, or `[IPv6]`,
    /// optionally with `:port`), carried as the condition's character data.
    public var alternateHost: String?
    /// An application-specific condition (RFC 6120 §4.9.4).
    public var applicationCondition: XMLElement?

    public init(
        _ condition: StreamErrorCondition,
        text: String? = nil,
        lang: String? = nil,
        alternateHost: String? = nil,
        applicationCondition: XMLElement? = nil
    ) {
        self.condition = condition
        self.text = text
        self.lang = lang
        self.alternateHost = alternateHost
        self.applicationCondition = applicationCondition
    }
}

/// The defined stream error conditions of RFC 6120 §4.9.3, by their names.
public enum StreamErrorCondition: String, CaseIterable, Sendable {
    case badFormat = "bad-format"
    case badNamespacePrefix = "bad-namespace-prefix"
    case conflict = "conflict"
    case connectionTimeout = "connection-timeout"
    case hostGone = "host-gone"
    case hostUnknown = "host-unknown"
    case improperAddressing = "improper-addressing"
    case internalServerError = "internal-server-error"
    case invalidFrom = "invalid-from"
    case invalidNamespace = "invalid-namespace"
    case invalidXML = "invalid-xml"
    case notAuthorized = "not-authorized"
    case notWellFormed = "not-well-formed"
    case policyViolation = "policy-violation"
    case remoteConnectionFailed = "remote-connection-failed"
    case reset = "reset"
    case resourceConstraint = "resource-constraint"
    case restrictedXML = "restricted-xml"
    case seeOtherHost = "see-other-host"
    case systemShutdown = "system-shutdown"
    case undefinedCondition = "undefined-condition"
    case unsupportedEncoding = "unsupported-encoding"
    case unsupportedFeature = "unsupported-feature"
    case unsupportedStanzaType = "unsupported-stanza-type"
    case unsupportedVersion = "unsupported-version"
}

extension StreamError {
    /// `<stream:error>` as an element in the streams namespace.
    public var element: XMLElement {
        var error = XMLElement(name: "error", namespace: XMLNamespace.streams)
        var condition = XMLElement(name: condition.rawValue, namespace: XMLNamespace.streamErrors)
        if let alternateHost { condition.append(text: alternateHost) }
        error.append(condition)
        if let text {
            var textElement = XMLElement(name: "text", namespace: XMLNamespace.streamErrors, text: text)
            textElement.lang = lang
            error.append(textElement)
        }
        if let applicationCondition { error.append(applicationCondition) }
        return error
    }

    /// Reads a `<stream:error>` element. An unknown condition name is read as
    /// `undefined-condition` (RFC 6120 §4.9.3.21 leaves room for that); a
    /// missing one is `nil`.
    public init?(element: XMLElement) {
        guard element.name == "error", element.namespace == XMLNamespace.streams else { return nil }
        var condition: StreamErrorCondition?
        for child in element.elements {
            if child.namespace == XMLNamespace.streamErrors {
                if child.name == "text" {
                    text = child.text
                    lang = child.lang
                } else if condition == nil {
                    condition = StreamErrorCondition(rawValue: child.name) ?? .undefinedCondition
                    if condition == .seeOtherHost, !child.text.isEmpty { alternateHost = child.text }
                }
            } else if applicationCondition == nil {
                applicationCondition = child
            }
        }
        guard let condition else { return nil }
        self.condition = condition
    }
}

extension StreamError: CustomStringConvertible {
    public var description: String {
        var result = "stream error \(condition.rawValue)"
        if let alternateHost { result += " (\(alternateHost))" }
        if let text { result += ": \(text)" }
        return result
    }
}
