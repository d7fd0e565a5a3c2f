import XMPPCore

/// The `<stream:features/>` element and the features it carries (RFC 6120 §4.3.2).
public enum StreamFeatures {
    public static let sessionNamespace = "urn:ietf:params:xml:ns:xmpp-session"

    public static func element(_ features: [XMLElement]) -> XMLElement {
        XMLElement(name: "features", namespace: XMLNamespace.streams, children: features.map { .element($0) })
    }

    /// `<starttls/>`, with `<required/>` when TLS is mandatory-to-negotiate (RFC 6120 §5.4.1).
    public static func startTLS(required: Bool) -> XMLElement {
        var starttls = XMLElement(name: "starttls", namespace: XMLNamespace.tls)
        if required { starttls.append(XMLElement(name: "required", namespace: XMLNamespace.tls)) }
        return starttls
    }

    /// `<bind/>` (RFC 6120 §7.4).
    public static let bind = XMLElement(name: "bind", namespace: XMLNamespace.bind)

    /// RFC 3921's session establishment, marked optional (RFC 6121 Appendix E):
    /// older clients look for it, newer ones skip it.
    public static let optionalSession: XMLElement = {
        var session = XMLElement(name: "session", namespace: sessionNamespace)
        session.append(XMLElement(name: "optional", namespace: sessionNamespace))
        return session
    }()

    /// `<proceed/>` and `<failure/>` of STARTTLS (RFC 6120 §5.4.2).
    public static let startTLSProceed = XMLElement(name: "proceed", namespace: XMLNamespace.tls)
    public static let startTLSFailure = XMLElement(name: "failure", namespace: XMLNamespace.tls)
}
