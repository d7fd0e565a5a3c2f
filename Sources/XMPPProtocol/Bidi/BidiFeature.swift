import XMPPCore

/// The stream feature of XEP-0288 §2.1: a receiving server that accepts
/// bidirectional s2s streams says so with `<bidi xmlns='urn:xmpp:features:bidi'/>`
/// among its stream features, before and after TLS.
public enum BidiFeature {
    public static var element: XMLElement {
        XMLElement(name: "bidi", namespace: XMLNamespace.bidiFeature)
    }

    /// Whether `features` (a `<stream:features/>` element) offers bidirectionality.
    public static func isOffered(in features: XMLElement) -> Bool {
        features.child("bidi", namespace: XMLNamespace.bidiFeature) != nil
    }
}
