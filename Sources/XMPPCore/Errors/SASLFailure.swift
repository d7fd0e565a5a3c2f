/// A SASL authentication failure (RFC 6120 §6.4.5): the receiving entity's
/// `<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>` with one defined
/// condition (§6.5) and optional human-readable text.
public struct SASLFailure: Error, Hashable, Sendable {
    public var condition: SASLFailureCondition
    /// Human-readable description (the optional `<text/>` element).
    public var text: String?
    /// `xml:lang` of `text`.
    public var lang: String?

    public init(_ condition: SASLFailureCondition, text: String? = nil, lang: String? = nil) {
        self.condition = condition
        self.text = text
        self.lang = lang
    }
}

/// The SASL failure conditions of RFC 6120 §6.5, by their names.
public enum SASLFailureCondition: String, CaseIterable, Sendable {
    case aborted = "aborted"  // §6.5.1
    case accountDisabled = "account-disabled"  // §6.5.2
    case credentialsExpired = "credentials-expired"  // §6.5.3
    case encryptionRequired = "encryption-required"  // §6.5.4
    case incorrectEncoding = "incorrect-encoding"  // §6.5.5
    case invalidAuthzid = "invalid-authzid"  // §6.5.6
    case invalidMechanism = "invalid-mechanism"  // §6.5.7
    case malformedRequest = "malformed-request"  // §6.5.8
    case mechanismTooWeak = "mechanism-too-weak"  // §6.5.9
    case notAuthorized = "not-authorized"  // §6.5.10
    case temporaryAuthFailure = "temporary-auth-failure"  // §6.5.11
}

extension SASLFailure {
    /// `<failure/>` in the SASL namespace: the condition, then `<text/>`.
    public var element: XMLElement {
        var failure = XMLElement(name: "failure", namespace: XMLNamespace.sasl)
        failure.append(XMLElement(name: condition.rawValue, namespace: XMLNamespace.sasl))
        if let text {
            var textElement = XMLElement(name: "text", namespace: XMLNamespace.sasl, text: text)
            textElement.lang = lang
            failure.append(textElement)
        }
        return failure
    }

    /// Reads a `<failure/>` in the SASL namespace (`nil` for anything else).
    /// The schema of RFC 6120 makes the condition optional and §6.5 defines
    /// no catch-all, so a missing or unknown condition is read as
    /// `not-authorized`, the condition that discloses no specific cause
    /// (§6.5.10).
    public init?(element: XMLElement) {
        guard element.name == "failure", element.namespace == XMLNamespace.sasl else { return nil }
        var condition: SASLFailureCondition?
        for child in element.elements where child.namespace == XMLNamespace.sasl {
            if child.name == "text" {
                if text == nil {
                    text = child.text
                    lang = child.lang
                }
            } else if condition == nil {
                condition = SASLFailureCondition(rawValue: child.name) ?? .notAuthorized
            }
        }
        self.condition = condition ?? .notAuthorized
    }
}

extension SASLFailure: CustomStringConvertible {
    public var description: String {
        var result = "SASL failure \(condition.rawValue)"
        if let text { result += ": \(text)" }
        return result
    }
}
