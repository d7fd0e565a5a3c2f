/// Building the reply to a stanza: IQ results (RFC 6120 §8.2.3) and error
/// replies (RFC 6120 §8.3.1).

extension IQ {
    /// The `result` answering `request`: `to` is the request's `from`,
    /// `from` is its `to` (both copied as written, absent stays absent), the
    /// same `id` and namespace, and `payload` as the only child.
    public static func result(for request: IQ, payload: XMLElement? = nil) -> IQ {
        var element = XMLElement.stanzaElement(
            elementName,
            namespace: request.element.namespace ?? XMLNamespace.client,
            attributes: ["type": IQType.result.rawValue, "to": request.rawFrom, "from": request.rawTo, "id": request.id]
        )
        if let payload { element.append(payload) }
        return IQ(element)!
    }
}

extension XMLElement {
    /// The error reply to `original` (RFC 6120 §8.3.1): same name and
    /// namespace, `to` and `from` swapped, `id`, `xml:lang` and any other
    /// attribute kept (in the original order), `type='error'` (in place of the
    /// original `type`, else last), then the original children when
    /// `includeOriginal`, then `error` as an `<error/>` in the stanza's
    /// namespace.
    ///
    /// `nil` when `original` is itself of type `error`: an entity never
    /// answers an error with an error.
    public static func errorReply(
        to original: XMLElement,
        error: StanzaError,
        includeOriginal: Bool = true
    ) -> XMLElement? {
        guard original[attribute: "type"] != "error" else { return nil }
        var reply = XMLElement(name: original.name, namespace: original.namespace)
        var wroteType = false
        for attribute in original.attributes {
            var attribute = attribute
            if attribute.namespace == nil {
                switch attribute.name {
                case "to": attribute.name = "from"
                case "from": attribute.name = "to"
                case "type":
                    attribute.value = "error"
                    wroteType = true
                default: break
                }
            }
            reply.attributes.append(attribute)
        }
        if !wroteType { reply[attribute: "type"] = "error" }
        if includeOriginal { reply.children = original.children }
        reply.append(error.element(namespace: original.namespace ?? XMLNamespace.client))
        return reply
    }
}

extension Stanza {
    /// The error reply to this stanza, as `XMLElement.errorReply(to:error:includeOriginal:)`
    /// describes; `nil` when this stanza is of type `error`.
    public func errorReply(_ error: StanzaError, includeOriginal: Bool = true) -> XMLElement? {
        XMLElement.errorReply(to: element, error: error, includeOriginal: includeOriginal)
    }
}
