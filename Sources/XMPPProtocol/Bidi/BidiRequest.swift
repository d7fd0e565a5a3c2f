import XMPPCore

/// The initiating server's request for a bidirectional stream (XEP-0288 §2.2):
/// `<bidi xmlns='urn:xmpp:bidi'/>`, sent after TLS and before SASL or
/// dialback. Nothing answers it; it may be pipelined with `<auth/>` or `<db:result/>`.
public enum BidiRequest {
    public static var element: XMLElement {
        XMLElement(name: "bidi", namespace: XMLNamespace.bidi)
    }

    public static func matches(_ element: XMLElement) -> Bool {
        element.name == "bidi" && element.namespace == XMLNamespace.bidi
    }
}
