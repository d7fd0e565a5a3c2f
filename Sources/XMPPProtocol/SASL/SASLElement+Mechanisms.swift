import XMPPCore

extension SASLElement {
    /// The `<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>` stream
    /// feature (RFC 6120 §6.4.1) offering `names`, in order of preference.
    public static func mechanismsFeature(_ names: [String]) -> XMLElement {
        var feature = XMLElement(name: "mechanisms", namespace: XMLNamespace.sasl)
        for name in names {
            feature.append(XMLElement(name: "mechanism", namespace: XMLNamespace.sasl, text: name))
        }
        return feature
    }

    /// The mechanism names offered by a `<mechanisms/>` feature, in order.
    /// `feature` may be the `<mechanisms/>` element itself or the
    /// `<stream:features/>` that contains it; anything else offers none.
    /// Surrounding whitespace (pretty-printed features) is ignored.
    public static func mechanisms(in feature: XMLElement) -> [String] {
        let mechanisms: XMLElement
        if feature.name == "mechanisms" && feature.namespace == XMLNamespace.sasl {
            mechanisms = feature
        } else if let child = feature.child("mechanisms", namespace: XMLNamespace.sasl) {
            mechanisms = child
        } else {
            return []
        }
        return mechanisms.children("mechanism", namespace: XMLNamespace.sasl).compactMap { mechanism in
            let name = mechanism.text.trimmingASCIIWhitespace()
            return name.isEmpty ? nil : name
        }
    }
}

extension String {
    /// This string without leading and trailing XML whitespace.
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
