import XMPPCore

/// What the server says about itself (XEP-0030 disco#info).
enum ServiceDiscovery {
    static let sessionNamespace = "urn:ietf:params:xml:ns:xmpp-session"
    static let versionNamespace = "jabber:iq:version"

    /// Features of the server, sorted as XEP-0030 §3.1 asks for no order but
    /// a stable one makes traces comparable.
    static let serverFeatures: [String] = [
        XMLNamespace.discoInfo,
        XMLNamespace.discoItems,
        XMLNamespace.ping,
        versionNamespace,
        "urn:xmpp:delay",
        "msgoffline",
    ].sorted()

    static func info(features: [String]) -> XMLElement {
        var query = XMLElement(name: "query", namespace: XMLNamespace.discoInfo)
        query.append(XMLElement(
            name: "identity", namespace: XMLNamespace.discoInfo,
            attributes: [
                XMLAttribute(name: "category", value: "server"),
                XMLAttribute(name: "type", value: "im"),
                XMLAttribute(name: "name", value: "xmpplab"),
            ]
        ))
        for feature in features {
            query.append(XMLElement(name: "feature", namespace: XMLNamespace.discoInfo, attributes: [XMLAttribute(name: "var", value: feature)]))
        }
        return query
    }

    /// An account's own disco#info (XEP-0030 §3.1, answered by its server):
    /// an account identity.
    static func accountInfo() -> XMLElement {
        var query = XMLElement(name: "query", namespace: XMLNamespace.discoInfo)
        query.append(XMLElement(
            name: "identity", namespace: XMLNamespace.discoInfo,
            attributes: [XMLAttribute(name: "category", value: "account"), XMLAttribute(name: "type", value: "registered")]
        ))
        query.append(XMLElement(name: "feature", namespace: XMLNamespace.discoInfo, attributes: [XMLAttribute(name: "var", value: XMLNamespace.discoInfo)]))
        return query
    }

    /// jabber:iq:version (XEP-0092).
    static func version() -> XMLElement {
        var query = XMLElement(name: "query", namespace: versionNamespace)
        query.append(XMLElement(name: "name", namespace: versionNamespace, text: "xmpplab"))
        query.append(XMLElement(name: "version", namespace: versionNamespace, text: XMPPLabVersion.string))
        return query
    }
}
