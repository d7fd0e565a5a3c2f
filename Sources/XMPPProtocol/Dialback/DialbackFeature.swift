import XMPPCore

/// The stream feature of XEP-0220 §2.4.2: a server that handles dialback
/// errors gracefully advertises `<dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback>`.
/// (Support for dialback itself is the `db` namespace declaration on the
/// stream header, §2.4.1.)
public enum DialbackFeature {
    public static var element: XMLElement {
        var feature = XMLElement(name: "dialback", namespace: XMLNamespace.dialbackFeature)
        feature.append(XMLElement(name: "errors", namespace: XMLNamespace.dialbackFeature))
        return feature
    }

    /// Whether `features` (the children of `<stream:features/>`) advertise
    /// dialback error handling.
    public static func advertisesErrors(in features: [XMLElement]) -> Bool {
        features.contains {
            $0.name == "dialback" && $0.namespace == XMLNamespace.dialbackFeature
                && $0.child("errors", namespace: XMLNamespace.dialbackFeature) != nil
        }
    }
}
